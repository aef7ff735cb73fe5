// `talsim fault inject|heal|list|kinds`: faults of a running `talsim up` cluster, through its live
// control service (found by `--state-dir`). Output is plain and script-friendly: `inject` prints
// the fault id alone, `heal` the healed ids one per line, `list` a table (or `--json`). `kinds`
// lists the catalogue and needs no cluster. Also the pieces the other control verbs share: the
// exit codes (2: no cluster there, a refused token, or a bad argument; 1: a refusal such as an
// unknown fault id) and the column layout.
import type { Command } from 'commander';
import { FAULT_KINDS, faultKind } from '../faults/fault-catalogue.ts';
import { FaultError } from '../faults/fault-error.ts';
import type { FaultKind } from '../faults/fault-kind.ts';
import { parseDurationMs } from '../scenario/load-duration.ts';
import { formatTime } from '../scenario/run-scenario.ts';
import { connectControl, type ControlClient } from '../live/control-client.ts';
import { ControlRequestError, ControlUnavailableError } from '../live/control-errors.ts';
import { optionFields, parseOptionAssignments } from '../live/control-options.ts';
import { TARGET_FORMS } from '../live/control-targets.ts';
import { DEFAULT_STATE_DIR, stateFiles } from '../live/state-dir.ts';
import type { ActiveFault__Output } from '../../proto/gen/talsim/control/v1/ActiveFault.ts';

export const STATE_DIR_HELP = 'state directory of the running `talsim up`';

export interface StateDirOption {
  stateDir: string;
}

interface InjectOptions extends StateDirOption {
  target: string[];
  set: string[];
  duration?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerFaultCommand(program: Command, setExitCode: (code: number) => void): void {
  const fault = program.command('fault').description('inject, heal and list faults of a running `talsim up` cluster; list the fault kinds');
  fault
    .command('inject')
    .description('inject a fault now; prints its id')
    .argument('<kind>', 'fault kind (`talsim fault kinds` lists them)')
    .option('--target <selector>', 'node name, role:controlplane, role:worker, all, or a link from->to (repeatable)', collect, [])
    .option('--set <key=value>', 'an option of the kind (repeatable)', collect, [])
    .option('--duration <duration>', 'heal it by itself after this much virtual time (30s, 5m)')
    .option('--state-dir <dir>', STATE_DIR_HELP, DEFAULT_STATE_DIR)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  npx talsim fault inject link-down --target worker-1 --duration 2m',
        "  npx talsim fault inject partition --target 'cp-1->worker-2' --set symmetric=false",
        '  npx talsim fault inject network-latency --target \'client->cp-1\' --set latencyMs=300',
        '',
        'A link is from->to, each side node names or `client` (talosctl), comma-separated. Quote it:',
        'unquoted, a shell takes `>` as a redirect (writes a file, and talsim sees `cp-1-`).',
      ].join('\n'),
    )
    .action(async (kind: string, options: InjectOptions) => setExitCode(await runControlVerb('fault inject', options.stateDir, () => prepareInject(kind, options))));
  fault
    .command('heal')
    .description('heal an active fault by id, or every one with --all; prints the healed ids')
    .argument('[id]', 'fault id, as `talsim fault inject` printed it')
    .option('--all', 'heal every active fault')
    .option('--state-dir <dir>', STATE_DIR_HELP, DEFAULT_STATE_DIR)
    .action(async (id: string | undefined, options: StateDirOption & { all?: boolean }) => setExitCode(await runControlVerb('fault heal', options.stateDir, () => prepareHeal(id, Boolean(options.all)))));
  fault
    .command('list')
    .description('the active faults: id, kind, targets, virtual times of injection and self-heal, options')
    .option('--json', 'one JSON array instead of the table')
    .option('--state-dir <dir>', STATE_DIR_HELP, DEFAULT_STATE_DIR)
    .action(async (options: StateDirOption & { json?: boolean }) => setExitCode(await runControlVerb('fault list', options.stateDir, () => (client) => list(client, Boolean(options.json)))));
  fault
    .command('kinds')
    .description('every fault kind with its targets and options (needs no running cluster)')
    .action(() => {
      process.stdout.write(describeFaultKinds(FAULT_KINDS));
      setExitCode(0);
    });
}

function prepareInject(kindName: string, options: InjectOptions): ControlCall {
  const kind = faultKind(kindName);
  const params = parseOptionAssignments(kind, options.set);
  let durationMs = 0;
  if (options.duration !== undefined) {
    const parsed = parseDurationMs(options.duration);
    if (parsed === undefined || parsed === 0) throw new FaultError(kind.kind, `--duration: expected a virtual duration (30s, 5m, 1h30m), found ${JSON.stringify(options.duration)}`);
    durationMs = Math.round(parsed);
  }
  return async (client) => {
    const reply = await client.faultInject({ kind: kind.kind, targets: options.target, params_json: JSON.stringify(params), duration_ms: durationMs });
    process.stdout.write(`${reply.fault_id}\n`);
  };
}

function prepareHeal(id: string | undefined, all: boolean): ControlCall {
  if (all === (id !== undefined)) throw new ControlRequestError('InvalidArgument', 'give a fault id or --all (not both)');
  return async (client) => {
    const reply = await client.faultHeal(all ? { all: true } : { fault_id: id });
    for (const healed of reply.healed) process.stdout.write(`${healed}\n`);
  };
}

async function list(client: ControlClient, json: boolean): Promise<void> {
  const { faults } = await client.faultList();
  if (json) {
    process.stdout.write(`${JSON.stringify(faults.map(faultJson), null, 2)}\n`);
    return;
  }
  const rows = faults.map((fault) => [fault.fault_id, fault.kind, fault.targets.join(','), formatTime(Number(fault.started_ms)), fault.ends_ms === '0' ? '-' : formatTime(Number(fault.ends_ms)), fault.params_json]);
  process.stdout.write(columns([['ID', 'KIND', 'TARGETS', 'INJECTED', 'HEALS', 'OPTIONS'], ...rows]));
}

function faultJson(fault: ActiveFault__Output) {
  const endsMs = Number(fault.ends_ms);
  return { id: fault.fault_id, kind: fault.kind, targets: fault.targets, options: JSON.parse(fault.params_json) as unknown, injectedAtMs: Number(fault.started_ms), healsAtMs: endsMs === 0 ? null : endsMs };
}

/** Every kind: name, what it targets, what it does, then one line per option. */
export function describeFaultKinds(kinds: readonly FaultKind[]): string {
  const lines: string[] = [];
  for (const kind of kinds) {
    lines.push(`${kind.kind}`, `  targets: ${TARGET_FORMS[kind.targets]}`, `  ${kind.description}`);
    for (const field of optionFields(kind)) {
      const facts = [field.type, ...(field.allowed ? [`one of ${field.allowed.join('|')}`] : []), ...(field.defaultValue !== undefined ? [`default ${JSON.stringify(field.defaultValue)}`] : [])];
      lines.push(`  --set ${field.name}=<${facts.join(', ')}>  ${field.description}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

/** What a verb does with the client, once its arguments have been checked. */
export type ControlCall = (client: ControlClient) => Promise<void>;

/**
 * Checks the verb's arguments (`prepare`, which throws on a bad one), connects to the control
 * service of `stateDir`, makes the call, and turns the typed errors into a message on stderr and
 * an exit code.
 */
export async function runControlVerb(verb: string, stateDir: string, prepare: () => ControlCall): Promise<number> {
  let client: ControlClient | undefined;
  try {
    const call = prepare();
    client = connectControl(stateDir);
    await call(client);
    return 0;
  } catch (error) {
    return reportControlError(verb, stateDir, error);
  } finally {
    client?.close();
  }
}

function reportControlError(verb: string, stateDir: string, error: unknown): number {
  const fail = (message: string, code: number) => {
    process.stderr.write(`talsim ${verb}: ${message}\n`);
    return code;
  };
  if (error instanceof ControlUnavailableError || error instanceof FaultError) return fail(error.message, 2);
  if (!(error instanceof ControlRequestError)) throw error;
  if (error.code === 'Unauthenticated') {
    return fail(`${error.message}: the control service refused the token in ${stateFiles(stateDir).controlToken} (is this the state directory of the running cluster?)`, 2);
  }
  return fail(error.message, error.code === 'InvalidArgument' ? 2 : 1);
}

/** Rows as left-aligned columns three spaces apart (the last column unpadded). */
export function columns(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 3))).join('')}\n`).join('');
}
