// Fault `clock-skew`: each target node's clock is off by this much (a dead RTC battery, a VM
// restored from a snapshot, NTP blocked). Certificates look not yet valid or expired to it: with
// -48h every certificate of a freshly made cluster is `not yet valid` on that node. The time
// controller still reports the jump it would make once NTP answers. `x509TimeError` gives Go's text
// for the API layer, which checks peers' certificates against the node's clock.
import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { defineFaultKind, overwriteField, restoreFields } from './fault-kind.ts';
import { x509TimeError as goX509TimeError } from '../../nodes/go-format/time.ts';

const HOUR_MS = 3_600_000;

export const clockSkew = defineFaultKind({
  kind: 'clock-skew',
  description: "Each target node's clock is off by clockSkewMs: certificates look not yet valid or expired.",
  targets: 'nodes',
  options: z.strictObject({
    clockSkewMs: z.number().min(-100 * 365 * 24 * HOUR_MS).max(100 * 365 * 24 * HOUR_MS).default(-48 * HOUR_MS).meta({ description: 'Offset of the node clock from true time, ms (negative: behind). Default -48h.' }),
  }),
  inject(_cluster, targets, options) {
    return overwriteField(targets.nodes.map((node) => node.faults), 'clockSkewMs', options.clockSkewMs);
  },
  heal(_cluster, _targets, handle) {
    restoreFields(handle);
  },
});

/** Go's crypto/x509 CertificateInvalidError text for `certificatePem` at `nowWallMs`, or null when valid. */
export function x509TimeError(certificatePem: string, nowWallMs: number): string | null {
  const certificate = new X509Certificate(certificatePem);
  const notBeforeMs = Date.parse(certificate.validFrom);
  const notAfterMs = Date.parse(certificate.validTo);
  return goX509TimeError(nowWallMs, notBeforeMs, notAfterMs);
}
