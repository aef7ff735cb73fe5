// The address `talsim up` tells users to pass as `talosctl -n` (talosconfig `nodes`, the banner's
// commands, the UI's node panel): one talosctl can both route through an endpoint and dial itself,
// because `reset --reboot --wait` (cmd/talosctl/cmd/talos/reset.go) dials `-n` for the maintenance
// API and `--insecure` does too. A node's LAN address (10.5.0.x) is not an address of this machine.
import { describe, expect, it } from 'vitest';
import { kubectlCommands, tryCommands } from '../../sim/live/banner.ts';
import { talosctlNode, type LiveNodeEntry } from '../../sim/live/state-dir.ts';

const own: LiveNodeEntry[] = [
  { name: 'cp-1', role: 'controlplane', address: '10.5.0.2', apiAddress: '127.0.0.2', apiPort: 50000 },
  { name: 'worker-1', role: 'worker', address: '10.5.0.3', apiAddress: '127.0.0.3', apiPort: 50000 },
];
// The fallback placement: every node on 127.0.0.1, one port each (the first one may keep 50000).
const shared: LiveNodeEntry[] = [
  { name: 'cp-1', role: 'controlplane', address: '10.5.0.2', apiAddress: '127.0.0.1', apiPort: 50000 },
  { name: 'worker-1', role: 'worker', address: '10.5.0.3', apiAddress: '127.0.0.1', apiPort: 50001 },
];

describe('the address talosctl -n names a node by', () => {
  it('is the node\'s own listener address when it listens on Talos\'s port 50000', () => {
    expect(own.map((node) => talosctlNode(node, own))).toEqual(['127.0.0.2', '127.0.0.3']);
  });

  it('is the LAN address when the listener shares 127.0.0.1 or takes another port (apid refuses a target with a port)', () => {
    expect(shared.map((node) => talosctlNode(node, shared))).toEqual(['10.5.0.2', '10.5.0.3']);
    const otherPort = [{ ...own[0]!, apiPort: 50123 }];
    expect(talosctlNode(otherPort[0]!, otherPort)).toBe('10.5.0.2');
  });

  it('the banner\'s commands name the first control plane that way', () => {
    expect(tryCommands({ nodes: own, unconfigured: false, controlplanePath: 'cp.yaml' })).toEqual([
      'talosctl -n 127.0.0.2 version',
      'talosctl -n 127.0.0.2 get machinestatus',
      'talosctl -n 127.0.0.2 services',
    ]);
    expect(kubectlCommands(own, '.talsim')[0]).toBe('talosctl -n 127.0.0.2 kubeconfig .talsim');
    expect(tryCommands({ nodes: shared, unconfigured: false, controlplanePath: 'cp.yaml' })[0]).toBe('talosctl -n 10.5.0.2 version');
  });
});
