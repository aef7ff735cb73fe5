// gRPC statuses at the API edge: the numeric codes grpc-js sends for the code names
// TalosApiError carries, the conversion of anything a handler throws into a status, and Go's
// rendering of a status as an error string (`rpc error: code = X desc = Y`), which apid writes into
// `metadata.error` of fan-out replies. Leaves out status details (google.rpc.Status.details).
import { status as grpcCode, type StatusObject } from '@grpc/grpc-js';
import { GO_CODE_NAMES, noteUntypedError, TalosApiError, type GrpcCodeName } from '../api-error.ts';

export interface ApiStatus {
  code: number;
  details: string;
}

export function grpcCodeOf(name: GrpcCodeName): number {
  return GO_CODE_NAMES.indexOf(name);
}

export function codeName(code: number): string {
  return GO_CODE_NAMES[code] ?? `Code(${code})`;
}

function isStatusLike(error: unknown): error is { code: number; details: string } {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && typeof (error as { details?: unknown }).details === 'string';
}

/**
 * Most bytes of a status message: grpc-message travels percent-encoded in the trailers (up to 3x),
 * and clients refuse metadata over 8 KiB (grpc-js, grpc core), so a longer message would replace
 * the status with "received metadata size exceeds limit" and lose the code.
 */
export const MAX_STATUS_DETAILS_BYTES = 2048;

/** The message cut at MAX_STATUS_DETAILS_BYTES (on a character boundary), saying how much was cut. */
export function boundedDetails(details: string): string {
  const bytes = Buffer.byteLength(details);
  if (bytes <= MAX_STATUS_DETAILS_BYTES) return details;
  const keep = MAX_STATUS_DETAILS_BYTES - 64;
  let cut = Buffer.from(details).subarray(0, keep).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}... (${bytes - Buffer.byteLength(cut)} more bytes not shown)`;
}

/**
 * The status a failed call answers with: TalosApiError keeps its code, a status from another call
 * keeps its own; anything else is a simulator bug, answered Unknown and recorded (noteUntypedError).
 */
export function statusOf(error: unknown): ApiStatus {
  if (error instanceof TalosApiError) return { code: grpcCodeOf(error.code), details: boundedDetails(error.message) };
  if (isStatusLike(error)) return { code: error.code, details: boundedDetails(error.details) };
  noteUntypedError(error);
  if (error instanceof Error) return { code: grpcCode.UNKNOWN, details: boundedDetails(error.message) };
  return { code: grpcCode.UNKNOWN, details: boundedDetails(String(error)) };
}

/** A partial StatusObject grpc-js accepts from a handler (callback error or stream 'error'). */
export function grpcError(status: ApiStatus): Partial<StatusObject> {
  return { code: status.code, details: boundedDetails(status.details) };
}

/** How Go prints a status error: what talosctl shows and apid stores in `metadata.error`. */
export function goStatusText(status: ApiStatus): string {
  return `rpc error: code = ${codeName(status.code)} desc = ${status.details}`;
}

/** A TalosApiError from a status (a forwarded call's failure re-thrown on the endpoint). */
export function apiErrorOf(status: ApiStatus): TalosApiError {
  const name = codeName(status.code) as GrpcCodeName;
  return new TalosApiError(GO_CODE_NAMES.includes(name) ? name : 'Unknown', status.details);
}
