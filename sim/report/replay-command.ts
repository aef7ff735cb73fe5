// The one-line command that reproduces a run: `npx talsim run <file> --seed <n>`, quoted for a
// POSIX shell when a path or seed holds characters the shell would read.

export function replayCommand(file: string, seed: string): string {
  return `npx talsim run ${shellWord(file)} --seed ${shellWord(seed)}`;
}

const SAFE_WORD = /^[A-Za-z0-9_\-./=:@%+,]+$/;

export function shellWord(text: string): string {
  if (SAFE_WORD.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
