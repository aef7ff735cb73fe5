// PKI and clock faults: a node whose active config carries another seed's machine CA (the API
// layer presents that CA, the cluster's talosconfig cannot verify it); a skewed clock makes the
// cluster's certificates not yet valid to the node; NTP that never answers keeps the `time` unmet
// condition; and the client-side credentials apid must refuse.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { advance, bootedCluster, newCluster, nodesTarget, on, waitFor } from './fault-harness.ts';
import { faultRegistryOf } from '../../sim/faults/active-faults.ts';
import { x509TimeError } from '../../sim/faults/clock-skew.ts';
import { clientCertNoClientAuth, clientWrongRole } from '../../sim/faults/client-credentials.ts';
import { base64Pem, checkClientAuthEku, pemFromBase64, readCertificateFacts, rolesFromCertificate } from '../../nodes/pki/index.ts';
import { RT } from '../../nodes/resources/resource-types.ts';
import type { VirtualNode } from '../../nodes/node.ts';

const machineCa = (node: VirtualNode) => (node.config!.object as { machine: { ca: { crt: string; key: string } } }).machine.ca;

describe('PKI and clock faults', () => {
  it("ca-mismatch: the node's active config carries another machine CA; heal restores the config byte for byte", () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const clusterCaBase64 = base64Pem(cluster.secrets.certs.os.crt);
    const worker = cluster.node('worker-1');
    const controlPlane = cluster.node('cp-1');
    const before = { worker: worker.config!.text, controlPlane: controlPlane.config!.text };
    expect(machineCa(worker).crt).toBe(clusterCaBase64);
    const id = faults.inject('ca-mismatch', nodesTarget('worker-1', 'cp-1'));
    const foreignCrt = pemFromBase64(machineCa(worker).crt);
    expect(machineCa(worker).crt).not.toBe(clusterCaBase64);
    expect(machineCa(worker).key).toBe('');
    expect(machineCa(controlPlane).crt).toBe(machineCa(worker).crt);
    expect(machineCa(controlPlane).key).not.toBe(base64Pem(cluster.secrets.certs.os.key));
    const facts = readCertificateFacts(foreignCrt);
    expect(facts.isCertificateAuthority).toBe(true);
    expect(facts.organizations).toEqual(['talos']);
    expect(new X509Certificate(foreignCrt).verify(new X509Certificate(cluster.secrets.certs.os.crt).publicKey)).toBe(false);
    advance(cluster, 1_000);
    const persisted = worker.resources.get<string>('config', RT.machineConfig, 'v1alpha1')!.spec;
    expect(persisted).toContain(machineCa(worker).crt);
    expect(worker.config!.text.replace(machineCa(worker).crt, clusterCaBase64)).toBe(before.worker);
    faults.heal(id);
    expect(worker.config!.text).toBe(before.worker);
    expect(controlPlane.config!.text).toBe(before.controlPlane);
  });

  it('clock-skew: -48h puts the node before every certificate of the cluster; heal puts it back', () => {
    const { cluster, faults } = bootedCluster({ controlPlanes: 1 });
    const worker = cluster.node('worker-1');
    const truthMs = cluster.world.epochWallMs + cluster.world.kernel.now;
    const caPem = cluster.secrets.certs.os.crt;
    expect(x509TimeError(caPem, worker.wallTimeMs())).toBeNull();
    const id = faults.inject('clock-skew', nodesTarget('worker-1'));
    expect(worker.wallTimeMs()).toBe(truthMs - 48 * 3_600_000);
    expect(cluster.node('cp-1').wallTimeMs()).toBe(truthMs);
    expect(x509TimeError(caPem, worker.wallTimeMs())).toMatch(
      /^x509: certificate has expired or is not yet valid: current time 2025-12-30T00:\d\d:\d\dZ is before 2026-01-01T00:00:00Z$/,
    );
    faults.heal(id);
    expect(x509TimeError(caPem, worker.wallTimeMs())).toBeNull();
  });

  it('time-never-synced: injected before power-on, the worker keeps the `time` unmet condition until healed', () => {
    const cluster = newCluster({ controlPlanes: 1 });
    const faults = faultRegistryOf(cluster);
    const id = faults.inject('time-never-synced', nodesTarget('worker-1'));
    cluster.powerOnAll();
    waitFor(cluster, { nodes: on('worker-1'), unmetCondition: { name: 'time', reasonContains: 'time is not synced' } }, 120_000);
    advance(cluster, 5 * 60_000);
    waitFor(cluster, { nodes: on('worker-1'), unmetCondition: { name: 'time' }, service: { id: 'kubelet', state: 'Waiting', lastEventContains: 'time sync' } }, 1);
    expect(cluster.node('worker-1').logs.contains('controller-runtime', 'failed looking up "time.cloudflare.com", ignored')).toBe(true);
    faults.heal(id);
    waitFor(cluster, { nodes: on('worker-1'), noUnmetCondition: 'time', service: { id: 'kubelet', state: 'Running' } }, 60_000);
  });

  it('client-cert-no-client-auth (client side): signed by the cluster CA, refused by apid for its extended key usage', () => {
    const cluster = newCluster({ controlPlanes: 1, workers: 0 });
    const credentials = clientCertNoClientAuth.issue(cluster, {});
    const certificate = new X509Certificate(credentials.crtPem);
    expect(certificate.verify(new X509Certificate(credentials.caPem).publicKey)).toBe(true);
    expect(checkClientAuthEku(credentials.crtPem)).toBe('certificate "O=os:admin" is missing the client auth extended key usage');
    expect(credentials.keyPem).toContain('PRIVATE KEY');
  });

  it('client-wrong-role (client side): a valid client certificate whose only role is os:reader', () => {
    const cluster = newCluster({ controlPlanes: 1, workers: 0 });
    const credentials = clientWrongRole.issue(cluster, clientWrongRole.options.parse({}));
    expect(checkClientAuthEku(credentials.crtPem)).toBeNull();
    expect(rolesFromCertificate(readCertificateFacts(credentials.crtPem).organizations)).toEqual(['os:reader']);
    const custom = clientWrongRole.issue(cluster, { roles: ['os:operator', 'os:nonsense'] });
    expect(rolesFromCertificate(readCertificateFacts(custom.crtPem).organizations)).toEqual(['os:operator']);
  });
});
