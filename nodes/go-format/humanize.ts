// github.com/dustin/go-humanize's IBytes, the size Talos prints in SwapStatus (`sizeHuman`,
// `usedHuman`): under 10 bytes "N B"; else the value in the largest power of 1024 that fits,
// rounded to one decimal (half up), printed with one decimal below 10 and none from 10 on (Go's
// %.0f: halves to even), with the IEC suffix.
// Leaves out: the SI `Bytes` form (the other formatters in talsim still differ; see ARCHITECTURE).
const IEC_SUFFIXES = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** Go's %.0f: round to an integer, an exact half to the even neighbour. */
function goFixed0(value: number): string {
  const floor = Math.floor(value);
  const fraction = value - floor;
  const rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  return String(rounded);
}

export function humanizeIBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;
  const exponent = Math.min(IEC_SUFFIXES.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
  const value = Math.floor((bytes / 1024 ** exponent) * 10 + 0.5) / 10;
  return `${value < 10 ? value.toFixed(1) : goFixed0(value)} ${IEC_SUFFIXES[exponent]}`;
}
