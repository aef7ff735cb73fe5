// Messages between the API edge and its config-decode worker thread (config-decode-worker.ts).
import type { ActiveConfig } from '../node.ts';
import type { ConfigChange, LoadedConfig, NodeValidation, NodeValidationFacts } from '../config-bridge.ts';
import type { GrpcCodeName } from '../api-error.ts';
import type { ChunkedValue } from './chunked-transfer.ts';

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

/** What a decoding yields; `loaded.parsed.positions` stays behind (validation, its only reader, ran in the worker). */
export interface DecodedParts {
  loaded: LoadedConfig;
  change?: ConfigChange;
  validation: NodeValidation;
}

export type DecodeAnswer =
  /** DecodedParts in bounded pieces (chunked-transfer.ts). */
  | { id: number; decoded: ChunkedValue }
  | { id: number; refusal: { code: GrpcCodeName; message: string } }
  | { id: number; failure: string };
