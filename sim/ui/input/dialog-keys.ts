// Keys inside a dialog. Apply: Up/Down move between File, As and Mode; typing edits the file
// path; Left/Right/Space change As and Mode; Enter applies; Esc closes. Inject: Up/Down move
// between the targets and the fault's options; typing edits the field (Space toggles a
// boolean, Left/Right cycle a choice); Enter injects. Confirm: y runs the command, anything else
// cancels.
import type { KeyPress } from './key-press.ts';
import type { KeyContext } from './key-context.ts';
import { APPLY_MODE_CHOICES, type ApplyDialog, type InjectDialog, type UiState } from './ui-state.ts';
import type { KeyOutcome } from './ui-state.ts';
import { editText } from './prompt-keys.ts';

const APPLY_FIELDS = 3;

export function handleDialogKey(state: UiState, press: KeyPress, context: KeyContext): KeyOutcome {
  const dialog = state.dialog!;
  if (dialog.kind === 'confirm') {
    const confirmed = press.text === 'y' || press.text === 'Y';
    return { state: { ...state, dialog: undefined }, commands: confirmed ? [dialog.command] : [] };
  }
  if (press.name === 'escape') return { state: { ...state, dialog: undefined }, commands: [] };
  if (dialog.kind === 'apply') return applyDialogKey(state, dialog, press);
  return injectDialogKey(state, dialog, press, context);
}

function applyDialogKey(state: UiState, dialog: ApplyDialog, press: KeyPress): KeyOutcome {
  const next = (changes: Partial<ApplyDialog>): KeyOutcome => ({ state: { ...state, dialog: { ...dialog, ...changes } }, commands: [] });
  if (press.name === 'return') {
    if (dialog.path.trim() === '') return next({ result: ['give the path of a config or patch file'], resultTone: 'error' });
    const command = { type: 'apply' as const, node: dialog.node, path: dialog.path.trim(), asPatch: dialog.asPatch, mode: dialog.mode };
    return { state: { ...state, dialog: { ...dialog, result: [], resultTone: 'info' } }, commands: [command] };
  }
  if (press.name === 'up' || (press.name === 'tab' && press.shift)) return next({ field: (dialog.field + APPLY_FIELDS - 1) % APPLY_FIELDS });
  if (press.name === 'down' || press.name === 'tab') return next({ field: (dialog.field + 1) % APPLY_FIELDS });
  if (dialog.field === 0) return next({ path: editText(dialog.path, press) });
  const step = press.name === 'left' ? -1 : press.name === 'right' || press.text === ' ' ? 1 : 0;
  if (step === 0) return next({});
  if (dialog.field === 1) return next({ asPatch: !dialog.asPatch });
  const index = APPLY_MODE_CHOICES.indexOf(dialog.mode);
  return next({ mode: APPLY_MODE_CHOICES[(index + step + APPLY_MODE_CHOICES.length) % APPLY_MODE_CHOICES.length]! });
}

function injectDialogKey(state: UiState, dialog: InjectDialog, press: KeyPress, context: KeyContext): KeyOutcome {
  const kind = context.faultKinds?.find((info) => info.kind === dialog.faultKind);
  const parameters = kind?.parameters ?? [];
  const fields = 1 + parameters.length;
  const next = (changes: Partial<InjectDialog>): KeyOutcome => ({ state: { ...state, dialog: { ...dialog, ...changes } }, commands: [] });
  if (press.name === 'return') {
    return { state: { ...state, dialog: undefined }, commands: [{ type: 'inject', faultKind: dialog.faultKind, targets: dialog.targets, values: dialog.values }] };
  }
  if (press.name === 'up' || (press.name === 'tab' && press.shift)) return next({ field: (dialog.field + fields - 1) % fields });
  if (press.name === 'down' || press.name === 'tab') return next({ field: (dialog.field + 1) % fields });
  if (dialog.field === 0) return next({ targets: editText(dialog.targets, press) });
  const parameter = parameters[dialog.field - 1]!;
  const current = dialog.values[parameter.name] ?? '';
  let value = current;
  if (parameter.type === 'boolean' && (press.text === ' ' || press.name === 'left' || press.name === 'right')) value = current === 'true' ? 'false' : 'true';
  else if (parameter.type === 'enum' && (press.text === ' ' || press.name === 'left' || press.name === 'right')) {
    const choices = parameter.choices ?? [];
    const index = choices.indexOf(current);
    const step = press.name === 'left' ? -1 : 1;
    value = choices[(index + step + choices.length) % choices.length] ?? current;
  } else if (parameter.type !== 'boolean' && parameter.type !== 'enum') value = editText(current, press);
  return next({ values: { ...dialog.values, [parameter.name]: value } });
}
