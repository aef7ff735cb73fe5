// Where each node's apid listens on this machine: one loopback address per node (127.0.0.2,
// 127.0.0.3, ...) on one port, or, where the platform refuses those addresses or the port is
// taken, 127.0.0.1 with a port per node. Nothing outside 127.0.0.0/8 is ever bound.
import { Server, ServerCredentials } from '@grpc/grpc-js';
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
}

/** Binds and releases an insecure listener to learn whether (and on which port) the place is free. */
async function probe(address: string, port: number): Promise<number> {
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
  try {
    return { address: preferred, port: await probe(preferred, port) };
  } catch (error) {
    if (!fallbackPorts) throw error;
  }
  const fallbackPort = port === 0 ? 0 : port + index;
  try {
    return { address: '127.0.0.1', port: await probe('127.0.0.1', fallbackPort) };
  } catch {
    return { address: '127.0.0.1', port: await probe('127.0.0.1', 0) };
  }
}
