// ink draws only its last frame when it believes it runs under CI (the `CI` variable): right for
// logs, wrong for a person at a real terminal inside a CI-flavoured shell. Before the UI's modules
// load, a TTY on stdout wins over those variables.
export function preferInteractiveRendering(): void {
  if (!process.stdout.isTTY) return;
  for (const name of Object.keys(process.env)) {
    if (name === 'CI' || name === 'CONTINUOUS_INTEGRATION' || name.startsWith('CI_')) delete process.env[name];
  }
}
