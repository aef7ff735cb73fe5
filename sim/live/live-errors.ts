// The typed error of `talsim up`'s library code: an option that cannot be honoured (bad count,
// unknown warp point, unknown scenario step). The CLI turns it into a message and exit code 2.
export class LiveOptionError extends Error {
  constructor(
    readonly option: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${option}: expected ${expected}, found ${found}`);
    this.name = 'LiveOptionError';
  }
}
