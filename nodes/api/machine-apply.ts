// MachineService ApplyConfiguration: the request's mode enum to the node command's mode and back,
// the try timeout from `try_mode_timeout`, and the wait while the kernel persists the config (the
// reply comes once it is on STATE). A large config is decoded off the event loop first
// (config-decode-pool.ts), so the rest of the cluster keeps answering meanwhile. Validation, the
// refusal of a config too large to be read back, dry-run summaries, warnings and mode details are
// the node command's (nodes/node-commands.ts); the os:admin rule for configured nodes is the role
// table's.
import type { UnaryHandler } from './api-contract.ts';
import { applyConfiguration, type ApplyMode } from '../node-commands.ts';
import { msFromDuration } from '../../proto/well-known.ts';
import { single } from './handler-support.ts';
import { awaitOperation } from './virtual-wait.ts';
import { decodeOffThread } from './config-decode-pool.ts';

/** machine.ApplyConfigurationRequest.Mode names, both ways. */
const MODE_BY_ENUM: Record<string, ApplyMode> = {
  REBOOT: 'reboot',
  AUTO: 'auto',
  NO_REBOOT: 'no-reboot',
  STAGED: 'staged',
  TRY: 'try',
};

const ENUM_BY_MODE: Record<ApplyMode, string> = {
  reboot: 'REBOOT',
  auto: 'AUTO',
  'no-reboot': 'NO_REBOOT',
  staged: 'STAGED',
  try: 'TRY',
};

interface ApplyConfigurationRequest {
  data: Buffer;
  mode: string;
  dry_run: boolean;
  try_mode_timeout: { seconds: string; nanos: number } | null;
}

const applyConfigurationHandler: UnaryHandler = async (request: ApplyConfigurationRequest, { node, signal }) => {
  const tryTimeoutMs = msFromDuration(request.try_mode_timeout);
  const data = Buffer.from(request.data ?? []);
  const decoded = await decodeOffThread(node, data);
  const operation = applyConfiguration(node, {
    data,
    decoded,
    mode: MODE_BY_ENUM[request.mode] ?? 'reboot',
    dryRun: request.dry_run,
    tryTimeoutMs: tryTimeoutMs > 0 ? tryTimeoutMs : undefined,
  });
  const reply = await awaitOperation(operation, signal);
  return single({ warnings: reply.warnings, mode: ENUM_BY_MODE[reply.mode], mode_details: reply.modeDetails });
};

export const applyHandlers: Record<string, UnaryHandler> = { ApplyConfiguration: applyConfigurationHandler };
