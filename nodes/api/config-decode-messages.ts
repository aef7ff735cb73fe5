// Messages between the API edge and its config-decode worker thread (config-decode-worker.ts).
import type { ActiveConfig } from '../node.ts';
import type { ConfigChange, LoadedConfig } from '../config-bridge.ts';
import type { GrpcCodeName } from '../api-error.ts';

export interface DecodeJob {
  id: number;
  data: Uint8Array;
  talosVersion: string;
  maintenance: boolean;
  /** The node's config when the job was sent (text, object, documents), to classify against. */
  current?: ActiveConfig;
}

export type DecodeAnswer =
  | { id: number; loaded: LoadedConfig; change?: ConfigChange }
  | { id: number; refusal: { code: GrpcCodeName; message: string } }
  | { id: number; failure: string };
