// How Talos prints a list of errors (hashicorp/go-multierror's list format, used by every
// Validate in Talos): one error => "1 error occurred:\n\t* <e>\n\n", several =>
// "N errors occurred:\n\t* <e1>\n\t* <e2>\n\n". A nested list keeps its own header and
// trailing blank lines, which is why Talos output sometimes ends in four newlines.

/** Formats errors the way Talos' multierror does; '' for an empty list (Talos returns no error). */
export function formatErrorList(messages: readonly string[]): string {
  if (messages.length === 0) return '';
  if (messages.length === 1) return `1 error occurred:\n\t* ${messages[0]}\n\n`;
  const points = messages.map((message) => `* ${message}`).join('\n\t');
  return `${messages.length} errors occurred:\n\t${points}\n\n`;
}

/** A wrapped list: `<prefix>: <formatted list>`, as `fmt.Errorf("%s: %w", prefix, multiErr)` prints it. */
export function wrapErrorList(prefix: string, messages: readonly string[]): string {
  return `${prefix}: ${formatErrorList(messages)}`;
}
