// Messages between the API edge and its config-decode worker thread (config-decode-worker.ts).
import type { ActiveConfig } from '../node.ts';
import type { ConfigChange, LoadedConfig, NodeValidation, NodeValidationFacts } from '../config-bridge.ts';
import type { GrpcCodeName } from '../api-error.ts';

export interface DecodeJob {
  id: number;
  data: Uint8Array;
  talosVersion: string;
  maintenance: boolean;
  /** The node's config when the job was sent (text, object, documents), to classify against. */
  current?: ActiveConfig;
  /** What validation reads of the node when the job was sent. */
  facts: NodeValidationFacts;
}

export type DecodeAnswer =
  /** `loaded.parsed.positions` stays behind (validation, its only reader, ran in the worker). */
  | { id: number; loaded: LoadedConfig; change?: ConfigChange; validation: NodeValidation }
  | { id: number; refusal: { code: GrpcCodeName; message: string } }
  | { id: number; failure: string };
