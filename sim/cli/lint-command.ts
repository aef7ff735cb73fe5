// `talsim lint <config>`: Talos's own decode and validation errors, plus the "no effect" warnings.
export async function lintCommand(_config: string, _options: { hardware?: string; talosVersion: string }): Promise<number> {
  process.stderr.write('talsim lint: not available yet\n');
  return 2;
}
