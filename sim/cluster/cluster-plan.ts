// The cluster's inputs as plain, serialisable data: the cluster and its nodes (hardware, config
// source, role), which nodes something is about, and where a fault acts. The scenario loader and
// `talsim up` produce them; the cluster, the faults and the scenario harness read them. Leaves
// out steps, expectations and lessons (sim/scenario/plan.ts).
import type { NodeRole } from '../../nodes/vocabulary.ts';

/** Where a value came from in the input file, for messages that point at it. */
export interface PlanSource {
  file: string;
  line: number;
  column: number;
}

export interface HardwarePlan {
  /** Bundled profile name (`default`, `small-vm`, ...) or a path relative to the scenario file. */
  profile: string;
  /** Fields that override the profile (same shape as a hardware profile YAML). */
  overrides?: Record<string, unknown>;
  /** When `profile` is a path (holds `/` or ends in `.yaml`/`.yml`): the file's text, read by the loader. */
  text?: string;
}

export interface NodeConfigPlan {
  /** `generated`: from the cluster's secrets for the node's role; otherwise inline YAML text read from a file. */
  source: 'generated' | 'file';
  /** For `file`: the file's path (as written) and its text. */
  path?: string;
  text?: string;
  /**
   * Patches in order: plain objects are strategic-merge patches of the v1alpha1 document; strings are
   * patch texts as talosctl's --config-patch reads them (strategic merge of any document, or RFC 6902).
   */
  patches: Array<Record<string, unknown> | string>;
}

export interface NodePlan {
  name: string;
  role: NodeRole;
  hardware: HardwarePlan;
  config: NodeConfigPlan;
  /** false: the node boots from ISO into maintenance mode with no config. */
  configured: boolean;
  source: PlanSource;
}

export interface ClusterPlan {
  name: string;
  /** e.g. `https://10.5.0.2:6443`; empty = first control plane's address. */
  endpoint: string;
  /** IPv4 /24 the nodes get addresses from, e.g. `10.5.0.0/24`. */
  subnet: string;
  /** Talos version the nodes emulate, e.g. `v1.13.0`. */
  talosVersion: string;
  /** Your cluster's secrets (secrets.yaml text and where it came from); absent = drawn from the seed. */
  secrets?: { path: string; text: string };
  /** A KMS server on the LAN (siderolabs/kms-client's KMSService) that encryption keys of type `kms` can use; absent = none. */
  kms?: { address: string };
  nodes: NodePlan[];
}

/** Which nodes a step, check or fault is about. */
export type NodeSelector =
  | { kind: 'names'; names: string[] }
  | { kind: 'role'; role: NodeRole }
  | { kind: 'all' };

/** Where a fault acts. */
export type FaultTargetPlan =
  | { kind: 'nodes'; nodes: NodeSelector }
  /** Endpoints are node names, `client` (talosctl) or `kms` (the cluster's KMS server); paths go from every `from` to every `to`. */
  | { kind: 'link'; from: string[]; to: string[] }
  | { kind: 'cluster' };

/** A numeric fault option left open for swarm runs: drawn per seed from the stream `faults/<name>`. */
export interface OptionRange {
  min: number;
  max: number;
}

export type FaultOptionValue = string | number | boolean | OptionRange;
