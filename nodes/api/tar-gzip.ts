// A minimal tar.gz writer for the archives the API streams (Kubeconfig): ustar headers for regular
// files, contents padded to 512-byte blocks, two zero blocks at the end, gzip over the whole.
// Leaves out directories, links, long names (PAX) and streaming of large files.
import { gzipSync } from 'node:zlib';

const BLOCK = 512;

export interface TarFile {
  name: string;
  content: Buffer;
  /** Permission bits, e.g. 0o600. */
  mode: number;
  /** Unix seconds. */
  modifiedSeconds: number;
}

function writeOctal(header: Buffer, offset: number, width: number, value: number): void {
  header.write(`${value.toString(8).padStart(width - 1, '0')}\0`, offset, width, 'ascii');
}

function tarHeader(file: TarFile): Buffer {
  if (Buffer.byteLength(file.name) > 100) throw new RangeError(`tar name too long: ${file.name}`);
  const header = Buffer.alloc(BLOCK);
  header.write(file.name, 0, 100, 'utf8');
  writeOctal(header, 100, 8, file.mode);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, file.content.length);
  writeOctal(header, 136, 12, Math.floor(file.modifiedSeconds));
  header.write('        ', 148, 8, 'ascii');
  header.write('0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return header;
}

export function tarGzip(files: TarFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(tarHeader(file), file.content);
    const padding = (BLOCK - (file.content.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}
