// The one error reading or merging reports can raise: a file that is not a talsim sweep report
// (or not one this version reads), or reports that do not belong to the same sweep.

export class ReportError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}: expected ${expected}, found ${found}`);
    this.name = 'ReportError';
  }
}
