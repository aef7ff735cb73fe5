// `talsim time pause|resume|speed <factor>|advance <duration>` and `talsim status`: virtual time
// and a summary of a running `talsim up` cluster, through its live control service (found by
// `--state-dir`). Each prints one `key=value` line of the clock after the change
// (`virtual=2m03.000s virtualMs=123000 speed=1 paused=false`); `status` follows it with a table of
// the nodes (or prints `--json`).
import type { Command } from 'commander';
import { parseDurationMs } from '../scenario/load-duration.ts';
import { formatVirtualSpan } from '../live/banner.ts';
import { ControlRequestError } from '../live/control-errors.ts';
import type { ControlClient } from '../live/control-client.ts';
import { DEFAULT_STATE_DIR } from '../live/state-dir.ts';
import type { TimeControlRequest } from '../../proto/gen/talsim/control/v1/TimeControlRequest.ts';
import type { StatusResponse__Output } from '../../proto/gen/talsim/control/v1/StatusResponse.ts';
import type { TimeControlResponse__Output } from '../../proto/gen/talsim/control/v1/TimeControlResponse.ts';
import { columns, runControlVerb, STATE_DIR_HELP, type StateDirOption } from './fault-command.ts';

export function registerTimeCommand(program: Command, setExitCode: (code: number) => void): void {
  const time = program.command('time').description('steer the virtual time of a running `talsim up` cluster');
  const verb = (name: string, description: string, request: (argument: string | undefined) => TimeControlRequest, argument?: string) => {
    const command = time.command(name).description(description);
    if (argument) command.argument(argument);
    command.option('--state-dir <dir>', STATE_DIR_HELP, DEFAULT_STATE_DIR).action(async (...args: unknown[]) => {
      const given = argument ? (args[0] as string) : undefined;
      const options = (argument ? args[1] : args[0]) as StateDirOption;
      setExitCode(await runControlVerb(`time ${name}`, options.stateDir, () => {
        const timeRequest = request(given);
        return (client) => steer(client, timeRequest);
      }));
    });
  };
  verb('pause', 'stop virtual time (the nodes keep answering, frozen)', () => ({ action: 'PAUSE' }));
  verb('resume', 'let virtual time follow the wall clock again', () => ({ action: 'RESUME' }));
  verb('speed', 'virtual seconds per wall-clock second from now on', (factor) => ({ action: 'SPEED', speed: parseSpeed(factor!) }), '<factor>');
  verb('advance', 'run this much virtual time at once, as fast as it goes (paused or not)', (span) => ({ action: 'ADVANCE', advance_ms: parseSpan(span!) }), '<duration>');
}

export function registerStatusCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('status')
    .description('virtual time, speed and every node (role, LAN address, the address `talosctl -n` takes, stage, ready, apply state, why a stuck apply is stuck, and its diagnostics) of a running `talsim up` cluster')
    .option('--json', 'the whole summary as JSON')
    .option('--state-dir <dir>', STATE_DIR_HELP, DEFAULT_STATE_DIR)
    .action(async (options: StateDirOption & { json?: boolean }) => setExitCode(await runControlVerb('status', options.stateDir, () => (client) => status(client, Boolean(options.json)))));
}

async function steer(client: ControlClient, request: TimeControlRequest): Promise<void> {
  process.stdout.write(clockLine(await client.timeControl(request)));
}

async function status(client: ControlClient, json: boolean): Promise<void> {
  process.stdout.write(statusText(await client.status(), json));
}

/** What `talsim status` prints: the clock line, the node table and a line per node diagnostic, or `--json`; a stuck apply carries its reason in both. */
export function statusText(reply: StatusResponse__Output, json: boolean): string {
  if (json) {
    const nodes = reply.nodes.map((node) => ({
      name: node.name, role: node.role, address: node.address, talosctlNode: node.talosctl_node, stage: node.stage, ready: node.ready, applyState: node.apply_state,
      ...(node.apply_reason ? { applyReason: node.apply_reason } : {}),
      ...(node.diagnostics.length > 0 ? { diagnostics: node.diagnostics } : {}),
    }));
    return `${JSON.stringify({ virtualMs: Number(reply.virtual_ms), speed: reply.speed, paused: reply.paused, nodes }, null, 2)}\n`;
  }
  const rows = reply.nodes.map((node) => [node.name, node.role, node.address, node.talosctl_node || node.address, node.stage, String(node.ready), node.apply_reason ? `${node.apply_state}: ${node.apply_reason}` : node.apply_state]);
  const diagnostics = reply.nodes.flatMap((node) => node.diagnostics.map((diagnostic) => `${node.name} diagnostic ${diagnostic}\n`));
  return clockLine(reply) + columns([['NODE', 'ROLE', 'ADDRESS', 'TALOSCTL', 'STAGE', 'READY', 'APPLY'], ...rows]) + diagnostics.join('');
}

function clockLine(state: Pick<TimeControlResponse__Output, 'virtual_ms' | 'speed' | 'paused'>): string {
  const virtualMs = Number(state.virtual_ms);
  return `virtual=${formatVirtualSpan(virtualMs)} virtualMs=${virtualMs} speed=${state.speed} paused=${state.paused}\n`;
}

function parseSpeed(text: string): number {
  const speed = Number(text);
  if (text.trim() === '' || !Number.isFinite(speed) || speed <= 0) throw new ControlRequestError('InvalidArgument', `<factor>: expected a positive number (1 = wall-clock pace), found ${JSON.stringify(text)}`);
  return speed;
}

function parseSpan(text: string): number {
  const spanMs = parseDurationMs(text);
  if (spanMs === undefined || spanMs < 1) throw new ControlRequestError('InvalidArgument', `<duration>: expected a virtual duration (90s, 2m, 1h30m), found ${JSON.stringify(text)}`);
  return Math.round(spanMs);
}
