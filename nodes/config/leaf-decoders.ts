// The Talos and Go types in a machine config that parse their own text: byte sizes
// (humanize.ParseBytes, used by disk partition sizes and the install disk size selector),
// base64 certificate fields, and integer ranges of Go's sized ints. Each returns the value or
// the error text Talos would report. Leaves out: humanize's comma-in-number corner cases.

const BYTE_UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, ki: 2 ** 10, kib: 2 ** 10,
  m: 1e6, mb: 1e6, mi: 2 ** 20, mib: 2 ** 20,
  g: 1e9, gb: 1e9, gi: 2 ** 30, gib: 2 ** 30,
  t: 1e12, tb: 1e12, ti: 2 ** 40, tib: 2 ** 40,
  p: 1e15, pb: 1e15, pi: 2 ** 50, pib: 2 ** 50,
  e: 1e18, eb: 1e18, ei: 2 ** 60, eib: 2 ** 60,
};

/** humanize.ParseBytes: "8GB" => 8e9, "8 GiB" => 8589934592; a string result is the error. */
export function parseHumanBytes(text: string): number | string {
  const digits = /^[\d.,]*/.exec(text)?.[0] ?? '';
  const number = digits.replaceAll(',', '');
  if (!/^(\d+\.?\d*|\.\d+)$/.test(number)) return `strconv.ParseFloat: parsing "${number}": invalid syntax`;
  const unit = text.slice(digits.length).trim().toLowerCase();
  if (!(unit in BYTE_UNITS)) return `unhandled size name: ${unit}`;
  const bytes = Number(number) * BYTE_UNITS[unit];
  if (bytes >= 2 ** 64) return `too large: ${text}`;
  return Math.floor(bytes);
}

export interface DiskSizeCondition {
  /** '' means equal, like '=='. */
  operator: '' | '==' | '>=' | '<=' | '>' | '<';
  sizeBytes: number;
}

/** Talos' InstallDiskSizeMatcher (">= 8GB", "<2TB", "4GB"); a string result is the error. */
export function parseDiskSizeCondition(text: string): DiskSizeCondition | string {
  const condition = text.trim();
  const operator = (/^(>=|<=|==|>|<)/.exec(condition)?.[1] ?? '') as DiskSizeCondition['operator'];
  const sizeText = condition.slice(operator.length);
  const size = parseHumanBytes(sizeText.trim());
  if (typeof size === 'string') return `failed to parse disk size ${sizeText}: ${size}`;
  return { operator, sizeBytes: size };
}

/** Go's base64.StdEncoding.DecodeString check: '' when valid, else Go's error text. */
export function base64Error(text: string): string {
  let position = 0;
  let padding = 0;
  let dataLength = 0;
  for (const character of text) {
    if (character === '\r' || character === '\n') {
      position++;
      continue;
    }
    if (character === '=') padding++;
    else if (padding > 0 || !/[A-Za-z0-9+/]/.test(character)) return `illegal base64 data at input byte ${position}`;
    else dataLength++;
    position++;
  }
  if (padding > 2 || (dataLength + padding) % 4 !== 0) return `illegal base64 data at input byte ${position}`;
  return '';
}

const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  int: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint: [0n, 2n ** 64n - 1n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** Whether go-yaml can store `value` in a Go integer of `goType` without overflow. */
export function fitsGoInteger(value: bigint, goType: string): boolean {
  const range = INTEGER_RANGES[goType];
  return range !== undefined && value >= range[0] && value <= range[1];
}
