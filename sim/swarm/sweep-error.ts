// The one error a sweep's own input can raise: a `--seeds` list, a `--shard` or a `--jobs`
// value that cannot be used. The CLI turns it into a message and exit code 2.

export class SweepInputError extends Error {
  constructor(
    readonly option: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${option}: expected ${expected}, found ${found}`);
    this.name = 'SweepInputError';
  }
}
