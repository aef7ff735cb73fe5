// apid's one-to-many mode for legacy `nodes` metadata (facts §4): each target's reply is stamped
// with `metadata.hostname` = the target string as the client wrote it, unary replies are merged
// into one `messages` list, and a target that fails contributes an element carrying only
// `metadata {hostname, error, status}` instead of failing the call.
import { goStatusText, statusOf } from './grpc-status.ts';

interface WithMetadata {
  metadata?: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** A streamed message (or unary element) with the target's hostname merged into its metadata. */
export function stampHostname(message: unknown, hostname: string): WithMetadata {
  const original = (message ?? {}) as WithMetadata;
  return { ...original, metadata: { ...(original.metadata ?? {}), hostname } };
}

/** What apid builds from a failed backend: an element/message holding only metadata. */
export function failureElement(hostname: string, error: unknown): WithMetadata {
  const status = statusOf(error);
  return {
    metadata: { hostname, error: goStatusText(status), status: { code: status.code, message: status.details, details: [] } },
  };
}

/** Unary fan-out: each target's `messages`, the first element stamped, concatenated in target order. */
export function mergeUnaryReplies(replies: Array<{ target: string; reply?: unknown; error?: unknown }>): { messages: WithMetadata[] } {
  const messages: WithMetadata[] = [];
  for (const { target, reply, error } of replies) {
    if (error !== undefined) {
      messages.push(failureElement(target, error));
      continue;
    }
    const elements = ((reply as { messages?: unknown[] } | undefined)?.messages ?? []) as WithMetadata[];
    elements.forEach((element, index) => messages.push(index === 0 ? stampHostname(element, target) : element));
  }
  return { messages };
}
