// Go's time formats as Talos prints them: time.RFC3339 (whole seconds) and time.RFC3339Nano in
// UTC, and crypto/x509's CertificateInvalidError text for a certificate used outside its validity
// window. Wall times are milliseconds since the Unix epoch, read from the node's clock by callers.

/** time.RFC3339 in UTC: `2026-01-02T03:04:05Z` (fraction dropped). */
export function rfc3339(wallMs: number): string {
  return new Date(wallMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Go's time.RFC3339Nano in UTC: fraction trimmed of trailing zeros, `Z` suffix. Sub-millisecond
 * parts are kept to the microsecond (what a double holds at epoch magnitudes).
 */
export function rfc3339Nano(wallMs: number): string {
  const totalMicros = Math.round(wallMs * 1000);
  const seconds = Math.floor(totalMicros / 1_000_000);
  const micros = totalMicros - seconds * 1_000_000;
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  const fraction = micros === 0 ? '' : `.${String(micros).padStart(6, '0').replace(/0+$/, '')}`;
  return `${base}${fraction}Z`;
}

/** x509.CertificateInvalidError (Expired) for a check at `nowWallMs`, or null inside the window. */
export function x509TimeError(nowWallMs: number, notBeforeMs: number, notAfterMs: number): string | null {
  const prefix = 'x509: certificate has expired or is not yet valid: current time';
  if (nowWallMs < notBeforeMs) return `${prefix} ${rfc3339(nowWallMs)} is before ${rfc3339(notBeforeMs)}`;
  if (nowWallMs > notAfterMs) return `${prefix} ${rfc3339(nowWallMs)} is after ${rfc3339(notAfterMs)}`;
  return null;
}
