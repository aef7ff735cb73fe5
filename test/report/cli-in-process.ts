// Runs the talsim CLI in the test's own process (no child process start-up), keeping what it
// writes to stdout and stderr. Its worker threads are real ones.
import { main } from '../../sim/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function talsimInProcess(...args: string[]): Promise<CliRun> {
  const output = { stdout: '', stderr: '' };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((text: string) => ((output.stdout += text), true)) as typeof process.stdout.write;
  process.stderr.write = ((text: string) => ((output.stderr += text), true)) as typeof process.stderr.write;
  try {
    return { code: await main(args), ...output };
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
}
