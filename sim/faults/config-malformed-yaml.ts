// Config fault `config-malformed-yaml`: one line of the config is indented with a tab, as an
// editor with the wrong settings leaves it. YAML forbids tabs in indentation: Talos rejects the
// config with a `yaml: line N ...` decode error (InvalidArgument; `failed to parse config:` in
// maintenance mode).
import type { ConfigMutator } from './config-mutator.ts';

export const configMalformedYaml: ConfigMutator = {
  kind: 'config-malformed-yaml',
  description: 'One line indented with a tab: Talos rejects the config with a YAML decode error.',
  mutateConfig(text) {
    const lines = text.split('\n');
    const machineLine = lines.findIndex((line) => /^machine:\s*$/.test(line));
    const at = lines.findIndex((line, index) => index > machineLine && /^ +\S/.test(line));
    if (at < 0) return `${text}\n\tmalformed: true\n`;
    lines[at] = lines[at]!.replace(/^ +/, '\t');
    return lines.join('\n');
  },
};
