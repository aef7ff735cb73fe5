// The key bindings as data: what the help screen (`?`) lists and what the README explains. Kept
// beside the handlers; a test checks that every binding listed here does what it says.

export interface KeyBinding {
  keys: string;
  action: string;
}

export interface KeyGroup {
  title: string;
  bindings: KeyBinding[];
}

export const KEY_GROUPS: KeyGroup[] = [
  {
    title: 'Everywhere',
    bindings: [
      { keys: '?', action: 'help (this screen)' },
      { keys: ':', action: 'command line (:help lists commands)' },
      { keys: '/', action: 'filter the list (Enter keeps, Esc clears)' },
      { keys: 'Esc q', action: 'back; q on the overview quits' },
      { keys: 'Ctrl-C', action: 'quit' },
      { keys: 'j k ↑ ↓', action: 'move; PgUp PgDn g G page/first/last' },
      { keys: 't F l', action: 'timeline, fault panel, lesson' },
      { keys: 'K', action: 'Kubernetes: nodes and pods as kubectl prints them' },
    ],
  },
  {
    title: 'Time (virtual)',
    bindings: [
      { keys: 'Space', action: 'pause / resume' },
      { keys: '+ -', action: 'speed 1x / 10x / 100x' },
      { keys: '.', action: 'step to the next event (pauses)' },
    ],
  },
  {
    title: 'Nodes (overview and node screen)',
    bindings: [
      { keys: 'Enter', action: 'open the selected node' },
      { keys: 'a', action: 'apply a config or patch file (mode, result)' },
      { keys: 'b R', action: 'bootstrap etcd, reboot (asks first)' },
      { keys: 'W', action: 'wipe from the console: back to maintenance' },
      { keys: 'e', action: 'export the node config to the state dir' },
      { keys: 'i', action: 'inject a fault on the node' },
    ],
  },
  {
    title: 'Node screen',
    bindings: [
      { keys: '1-6 Tab ← →', action: 'summary services resources config logs dmesg' },
      { keys: 'f', action: 'follow logs on/off (also on the timeline)' },
      { keys: 's', action: 'next log source' },
      { keys: 'd', action: 'config: show the diff of the last change' },
      { keys: 'Enter', action: 'resources: show the selected one as YAML' },
    ],
  },
  {
    title: 'Fault panel and lesson',
    bindings: [
      { keys: 'Tab', action: 'catalogue / active faults' },
      { keys: 'Enter', action: 'inject the selected kind (form)' },
      { keys: 'x', action: 'heal the selected active fault' },
      { keys: 'h', action: 'lesson: reveal the next hint' },
    ],
  },
];

/** The bindings as plain lines (help screen, README). */
export function keyBindingLines(): string[] {
  return KEY_GROUPS.flatMap((group) => [group.title, ...group.bindings.map((binding) => `  ${binding.keys.padEnd(12)} ${binding.action}`), '']);
}
