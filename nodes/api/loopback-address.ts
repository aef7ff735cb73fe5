// Where each node's apid listens on this machine: one loopback address per node (127.0.0.2,
// 127.0.0.3, ...) on one port, or, where the platform refuses those addresses or the port is
// taken, 127.0.0.1 with a port per node, saying why the node moved (grpc-js's own "No address
// added" log line is not repeated: the caller says it in words). Nothing outside 127.0.0.0/8 is
// ever bound.
import { Server, ServerCredentials, setLogger } from '@grpc/grpc-js';
import { bindServer } from './node-listener.ts';

export class LoopbackAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoopbackAddressError';
  }
}

function ipv4ToNumber(address: string): number {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) {
    throw new LoopbackAddressError(`"${address}" is not an IPv4 address`);
  }
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function numberToIpv4(value: number): string {
  return [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function isLoopback(address: string): boolean {
  return ipv4ToNumber(address) >>> 24 === 127;
}

/** The address of the node at `index`: `base` + index, refusing anything outside 127.0.0.0/8. */
export function loopbackAddressFor(base: string, index: number): string {
  if (!isLoopback(base)) throw new LoopbackAddressError(`base address ${base} is not a loopback address (127.0.0.0/8)`);
  const address = numberToIpv4(ipv4ToNumber(base) + index);
  if (!isLoopback(address)) throw new LoopbackAddressError(`node ${index} would listen on ${address}, outside 127.0.0.0/8`);
  return address;
}

export interface Placement {
  address: string;
  port: number;
  /** Set when the node did not get the place it asked for: that place and why. */
  moved?: { wanted: string; reason: string };
}

/** Why a bind failed, in words, from the system error code grpc-js carries in its message. */
export function bindFailureReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (text.includes('EADDRINUSE')) return 'is in use by another process';
  if (text.includes('EADDRNOTAVAIL')) return 'does not exist on this machine (only 127.0.0.1 may be configured)';
  if (text.includes('EACCES')) return 'may not be bound by this user';
  const code = /\b(E[A-Z]{3,})\b/.exec(text)?.[1];
  return code ? `cannot be bound (${code})` : 'cannot be bound';
}

let bindLogQuieted = false;

/**
 * grpc-js logs every failed bind as `E No address added out of total 1 resolved` on stderr; the
 * placement reports it itself, so that one line is dropped and every other log line kept as is.
 */
function quietBindFailureLog(): void {
  if (bindLogQuieted) return;
  bindLogQuieted = true;
  setLogger({
    error: (message?: unknown, ...rest: unknown[]) => {
      if (typeof message === 'string' && message.startsWith('No address added out of total')) return;
      console.error(`E ${String(message)}`, ...rest);
    },
    info: (message?: unknown, ...rest: unknown[]) => console.error(`I ${String(message)}`, ...rest),
    debug: (message?: unknown, ...rest: unknown[]) => console.error(`D ${String(message)}`, ...rest),
  });
}

/** Binds and releases an insecure listener to learn whether (and on which port) the place is free. */
async function probe(address: string, port: number): Promise<number> {
  quietBindFailureLog();
  const server = new Server();
  try {
    return await bindServer(server, address, port, ServerCredentials.createInsecure());
  } finally {
    server.forceShutdown();
  }
}

/**
 * Finds the node's place: `preferred:port`; with `fallbackPorts`, 127.0.0.1 on `port + index`
 * (or any free port when `port` is 0 or that one is taken too).
 */
export async function placeListener(preferred: string, port: number, index: number, fallbackPorts: boolean): Promise<Placement> {
  let moved: Placement['moved'];
  try {
    return { address: preferred, port: await probe(preferred, port) };
  } catch (error) {
    if (!fallbackPorts) throw new LoopbackAddressError(`${preferred}:${port} ${bindFailureReason(error)}`);
    moved = { wanted: `${preferred}:${port}`, reason: bindFailureReason(error) };
  }
  const fallbackPort = port === 0 ? 0 : port + index;
  try {
    return { address: '127.0.0.1', port: await probe('127.0.0.1', fallbackPort), moved };
  } catch (error) {
    moved = { wanted: moved.wanted, reason: `${moved.reason}, and 127.0.0.1:${fallbackPort} ${bindFailureReason(error)}` };
    return { address: '127.0.0.1', port: await probe('127.0.0.1', 0), moved };
  }
}

/**
 * One line per node that moved (`cp-1: 127.0.0.2:50000 is in use by another process; its Talos
 * API listens on 127.0.0.1:50001 instead`), or one line for all of them when none of the extra
 * loopback addresses exists.
 */
export function describeMoves(placements: ReadonlyMap<string, Placement>): string[] {
  const moved = [...placements].filter(([, placement]) => placement.moved);
  if (moved.length === 0) return [];
  const absent = moved.filter(([, placement]) => placement.moved!.reason.startsWith('does not exist'));
  if (absent.length === placements.size && absent.length > 1) {
    const places = absent.map(([name, placement]) => `${name} on ${placement.address}:${placement.port}`).join(', ');
    return [`the loopback addresses from ${absent[0]![1].moved!.wanted} on do not exist on this machine (only 127.0.0.1 may be configured); the Talos APIs listen on 127.0.0.1 with a port per node instead: ${places}`];
  }
  return moved.map(([name, placement]) => `${name}: ${placement.moved!.wanted} ${placement.moved!.reason}; its Talos API listens on ${placement.address}:${placement.port} instead`);
}
