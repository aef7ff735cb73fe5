// Checks go-yaml makes while reading a config stream that the `yaml` package does not: the bytes
// must be UTF-8 without control characters (go-yaml's reader: "yaml: offset N: invalid leading
// UTF-8 octet"), and every alias must name an anchor defined before it ("yaml: line L, column C:
// unknown anchor 'x' referenced", with go-yaml's column one past the alias). go-yaml reads the
// stream in 512-byte chunks, so a bad byte fails the decode of the document its chunk reaches.
// Leaves out: UTF-16 streams (a UTF-16 byte order mark) are treated as UTF-8.
import { visit, type Document } from 'yaml';
import type { NodeContext } from './yaml-node-reading.ts';
import { positionOf } from './yaml-node-reading.ts';

const READ_CHUNK_BYTES = 512;

export interface StreamReadProblem {
  /** "yaml: offset 7: invalid leading UTF-8 octet". */
  message: string;
  /** Index in the decoded text where go-yaml's reader hits the chunk holding the bad byte. */
  reachedAtChar: number;
}

function allowedCharacter(value: number): boolean {
  return value === 0x09 || value === 0x0a || value === 0x0d || (value >= 0x20 && value <= 0x7e) || (value >= 0x7f && value <= 0xd7ff) ||
    (value >= 0xe000 && value <= 0xfffd) || (value >= 0x10000 && value <= 0x10ffff);
}

function sequenceWidth(octet: number): number {
  if ((octet & 0x80) === 0) return 1;
  if ((octet & 0xe0) === 0xc0) return 2;
  if ((octet & 0xf0) === 0xe0) return 3;
  if ((octet & 0xf8) === 0xf0) return 4;
  return 0;
}

/** go-yaml's reader error for the first bad character, with its byte offset; null when the bytes read cleanly. */
export function firstReaderError(bytes: Uint8Array): { offset: number; message: string } | null {
  let offset = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (offset < bytes.length) {
    const octet = bytes[offset];
    if (octet < 0x80 && allowedCharacter(octet)) {
      offset++;
      continue;
    }
    const width = sequenceWidth(octet);
    if (width === 0) return { offset, message: 'invalid leading UTF-8 octet' };
    if (offset + width > bytes.length) return { offset, message: 'incomplete UTF-8 octet sequence' };
    let value = width === 1 ? octet : octet & (0xff >> (width + 1));
    for (let index = 1; index < width; index++) {
      const trailing = bytes[offset + index];
      if ((trailing & 0xc0) !== 0x80) return { offset: offset + index, message: 'invalid trailing UTF-8 octet' };
      value = (value << 6) | (trailing & 0x3f);
    }
    const shortest = width === 1 || (width === 2 && value >= 0x80) || (width === 3 && value >= 0x800) || (width === 4 && value >= 0x10000);
    if (!shortest) return { offset, message: 'invalid length of a UTF-8 sequence' };
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return { offset, message: 'invalid Unicode character' };
    if (!allowedCharacter(value)) return { offset, message: 'control characters are not allowed' };
    offset += width;
  }
  return null;
}

/** Decodes a submitted stream as the node keeps it, and where go-yaml's reader would stop. */
export function readStream(input: string | Uint8Array): { text: string; problem: StreamReadProblem | null } {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
  const error = firstReaderError(bytes);
  if (error === null) return { text, problem: null };
  const chunkStart = Math.floor(error.offset / READ_CHUNK_BYTES) * READ_CHUNK_BYTES;
  const reachedAtChar = Buffer.from(bytes.buffer, bytes.byteOffset, chunkStart).toString('utf8').length;
  return { text, problem: { message: `yaml: offset ${error.offset}: ${error.message}`, reachedAtChar } };
}

/** go-yaml's composer error for an alias to an anchor not defined before it ('' when none). */
export function unknownAnchorError(document: Document, context: NodeContext): string {
  let message = '';
  visit(document, {
    Alias(_key, node) {
      if (node.resolve(document) !== undefined) return undefined;
      const point = positionOf(node as never, context);
      message = `yaml: line ${point.line}, column ${point.column + 1}: unknown anchor '${node.source}' referenced`;
      return visit.BREAK;
    },
  });
  return message;
}
