// ASN.1 DER, as much of it as X.509 certificates and keys need: writing TLVs (with SET OF sorted
// the way DER and Go's encoding/asn1 sort it) and walking them back. Leaves out BER forms
// (indefinite lengths, constructed strings), tags above 30 and REAL.

export const DerTag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  objectIdentifier: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Thrown when bytes that should be DER are not. */
export class DerError extends Error {
  constructor(detail: string) {
    super(`malformed DER: ${detail}`);
    this.name = 'DerError';
  }
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function derTlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export function derSequence(...elements: Uint8Array[]): Buffer {
  return derTlv(DerTag.sequence, Buffer.concat(elements));
}

/** SET OF: DER orders the encoded elements as octet strings (Go's encoding/asn1 does the same). */
export function derSetOf(elements: Uint8Array[]): Buffer {
  const sorted = elements.map((element) => Buffer.from(element)).sort(Buffer.compare);
  return derTlv(DerTag.set, Buffer.concat(sorted));
}

/** A non-negative INTEGER from big-endian magnitude bytes, minimally encoded. */
export function derUnsignedInteger(magnitude: Uint8Array): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  let body = Buffer.from(magnitude.subarray(start));
  if (body.length === 0) body = Buffer.from([0]);
  if (body[0]! & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return derTlv(DerTag.integer, body);
}

export function derSmallInteger(value: number): Buffer {
  const hex = value.toString(16);
  return derUnsignedInteger(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}

export function derBoolean(value: boolean): Buffer {
  return derTlv(DerTag.boolean, Buffer.from([value ? 0xff : 0x00]));
}

export function derObjectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const bytes: number[] = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const groups: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) groups.unshift((rest & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return derTlv(DerTag.objectIdentifier, Buffer.from(bytes));
}

export function derOctetString(content: Uint8Array): Buffer {
  return derTlv(DerTag.octetString, content);
}

export function derBitString(content: Uint8Array, unusedBits = 0): Buffer {
  return derTlv(DerTag.bitString, Buffer.concat([Buffer.from([unusedBits]), content]));
}

const printableCharacters = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** A directory string as Go writes it: PrintableString when every character allows it, else UTF8String. */
export function derDirectoryString(value: string): Buffer {
  const tag = printableCharacters.test(value) ? DerTag.printableString : DerTag.utf8String;
  return derTlv(tag, Buffer.from(value, 'utf8'));
}

export function derIa5String(value: string): Buffer {
  return derTlv(DerTag.ia5String, Buffer.from(value, 'ascii'));
}

/** X.509 Time: UTCTime for 1950..2049, GeneralizedTime otherwise; whole seconds, as Go truncates. */
export function derTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  const pad = (value: number) => value.toString().padStart(2, '0');
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  if (year >= 1950 && year < 2050) return derTlv(DerTag.utcTime, Buffer.from(`${pad(year % 100)}${rest}`, 'ascii'));
  return derTlv(DerTag.generalizedTime, Buffer.from(`${year.toString().padStart(4, '0')}${rest}`, 'ascii'));
}

/** [n] EXPLICIT: a constructed context-specific wrapper around one encoded element. */
export function derExplicit(tagNumber: number, inner: Uint8Array): Buffer {
  return derTlv(0xa0 | tagNumber, inner);
}

/** [n] IMPLICIT on a primitive type: the content octets under a context-specific primitive tag. */
export function derImplicitPrimitive(tagNumber: number, content: Uint8Array): Buffer {
  return derTlv(0x80 | tagNumber, content);
}

/** One element read back: its tag, its content and where it sits in the buffer it came from. */
export interface DerElement {
  tag: number;
  /** Header plus content, exactly as encoded. */
  raw: Buffer;
  content: Buffer;
}

export function readDerElement(buffer: Buffer, offset = 0): DerElement {
  if (offset + 2 > buffer.length) throw new DerError(`truncated header at offset ${offset}`);
  const tag = buffer[offset]!;
  let length = buffer[offset + 1]!;
  let headerLength = 2;
  if (length & 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4) throw new DerError(`unsupported length form at offset ${offset}`);
    length = 0;
    for (let index = 0; index < lengthBytes; index++) length = length * 256 + buffer[offset + 2 + index]!;
    headerLength += lengthBytes;
  }
  const end = offset + headerLength + length;
  if (end > buffer.length) throw new DerError(`element at offset ${offset} runs past the end`);
  return { tag, raw: buffer.subarray(offset, end), content: buffer.subarray(offset + headerLength, end) };
}

/** The elements inside a constructed element's content. */
export function readDerChildren(content: Buffer): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = 0; offset < content.length; ) {
    const child = readDerElement(content, offset);
    children.push(child);
    offset += child.raw.length;
  }
  return children;
}

export function decodeObjectIdentifier(content: Buffer): string {
  const arcs: number[] = [Math.floor(content[0]! / 40), content[0]! % 40];
  let value = 0;
  for (const byte of content.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}
