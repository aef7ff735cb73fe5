// runtime.OOMController (internal/app/machined/pkg/controllers/runtime/oom.go and its internal/oom
// package at v1.13.9): every sample interval it reads memory PSI and memory figures of the cgroup
// tree (memory-pressure.ts) into the trigger expression's variables (memory_{some,full}_{avg10,
// avg60,avg300,total} of the root, qos_ maps per QoS class, d_ rates per second against the
// previous sample, qos_memory_{current,peak,max}, time_since_trigger), evaluates the OOMConfig
// trigger (Talos's default without a document), and when it holds ranks the leaf cgroups with the
// ranking expression (class, path, optional memory_current/peak/max), keeps those scoring above 0,
// picks the victim (strict class ordering: the least important class first, then the top score)
// and kills its cgroup: "OOM controller triggered", "Sending SIGKILL to cgroup", "victim
// processes:". A service in it dies (SIGKILL) and restarts; the memory-pressure hog dies and its
// pressure ends. Each action is kept (the last 50) as an OOMAction resource (id 0, 1...) with the
// trigger's variables as JSON, the score and the victim's command lines, written at the next
// sample, as Talos does.
// Samples run on the virtual clock only while there is something to evaluate: a node with an
// OOMConfig document, or memory pressure (with Talos's default trigger and no pressure every
// figure is 0 and the trigger cannot hold, so skipping those samples changes nothing).
// Leaves out: killing a Kubernetes pod other than the hog (its containers' restart is not
// modelled; the kill is logged and recorded), process ids (victims' pids are listed as Talos's
// log does, numbered from the cgroup's position).
import type { ControllerContext, OomControllerState } from './controller-context.ts';
import { RT } from '../resources/resource-types.ts';
import { compileExpression, type CelValue, type CompiledExpression } from '../config/cel-selector.ts';
import { DEFAULT_OOM_RANKING_EXPRESSION, DEFAULT_OOM_TRIGGER_EXPRESSION } from '../config/oom-validation.ts';
import { parseGoDuration } from '../go-format/duration.ts';
import { leafCgroups, memoryPsi, QOS_CLASS_NUMBER, type Cgroup, type QosClass } from '../memory-pressure.ts';
import { serviceDefinition } from '../services/service-catalog.ts';
import type { OtherDocument } from '../config/machine-config-types.ts';
import { WAKE, type OutsideInputs } from './controller-wakeups.ts';

const CONTROLLER = 'runtime.OOMController';
const DEFAULT_SAMPLE_INTERVAL_MS = 500;
/** constants.OOMActionLogKeep. */
const ACTION_LOG_KEEP = 50;
const CGROUP_ROOT = '/sys/fs/cgroup';
/** time.Since(time.Time{}) saturates at the longest Go duration. */
const MAX_DURATION_NS = '9223372036854775807';

interface OomSettings {
  trigger: CompiledExpression;
  ranking: CompiledExpression;
  strict: boolean;
  intervalMs: number;
  /** An OOMConfig document is present (samples run without pressure too). */
  configured: boolean;
}

const settingsByDocuments = new WeakMap<readonly OtherDocument[], OomSettings>();
let defaults: OomSettings | undefined;

/** Compiled, or undefined when it does not compile (validation refuses such a config before it is active). */
function compiled(expression: string, environment: 'oomTrigger' | 'oomCgroupScoring', expected: 'bool' | 'double'): CompiledExpression | undefined {
  const result = compileExpression(expression, environment, expected);
  return 'error' in result ? undefined : result;
}

function defaultSettings(): OomSettings {
  defaults ??= {
    trigger: compiled(DEFAULT_OOM_TRIGGER_EXPRESSION, 'oomTrigger', 'bool')!,
    ranking: compiled(DEFAULT_OOM_RANKING_EXPRESSION, 'oomCgroupScoring', 'double')!,
    strict: true,
    intervalMs: DEFAULT_SAMPLE_INTERVAL_MS,
    configured: false,
  };
  return defaults;
}

/** The active config's OOMConfig (cfg.Config().OOMConfig()): its fields where set, Talos's defaults elsewhere. */
export function oomSettings(documents: readonly OtherDocument[] | undefined): OomSettings {
  if (documents === undefined) return defaultSettings();
  const cached = settingsByDocuments.get(documents);
  if (cached !== undefined) return cached;
  const document = documents.find((candidate) => candidate.kind === 'OOMConfig');
  const base = defaultSettings();
  let settings = base;
  if (document !== undefined) {
    const body = document.body;
    const trigger = typeof body.triggerExpression === 'string' && body.triggerExpression !== '' ? compiled(body.triggerExpression, 'oomTrigger', 'bool') : undefined;
    const ranking = typeof body.cgroupRankingExpression === 'string' && body.cgroupRankingExpression !== '' ? compiled(body.cgroupRankingExpression, 'oomCgroupScoring', 'double') : undefined;
    const interval = typeof body.sampleInterval === 'string' ? parseGoDuration(body.sampleInterval) : null;
    settings = {
      trigger: trigger ?? base.trigger, ranking: ranking ?? base.ranking,
      strict: typeof body.strictCgroupClassOrdering === 'boolean' ? body.strictCgroupClassOrdering : base.strict,
      intervalMs: interval === null || interval <= 0n ? base.intervalMs : Math.max(1, Number(interval / 1_000_000n)),
      configured: true,
    };
  }
  settingsByDocuments.set(documents, settings);
  return settings;
}

/** The 300 s average decays below 0.005 within ~30 minutes of the end. */
const PRESSURE_DECAY_MS = 30 * 60_000;

function pressureLasts(node: ControllerContext): boolean {
  const fault = node.faults.memoryPressure;
  if (fault === undefined) return false;
  return fault.endedMs === undefined || node.world.kernel.now - fault.endedMs < PRESSURE_DECAY_MS;
}

function sampling(node: ControllerContext, settings: OomSettings): boolean {
  return node.lifecycleState() !== 'off' && (settings.configured || pressureLasts(node));
}

/**
 * What a pass's run reads (controller-wakeups.ts): the settings (the config wakes it), whether it
 * samples (the faults wake it; the lifecycle and the pressure's decay are oomOutside) and whether
 * its timer is armed (a sample re-arms it in place; one that leaves it unarmed wakes it).
 */
export function oomInputs(node: ControllerContext): unknown[] {
  const settings = oomSettings(node.config?.documents);
  return [settings, sampling(node, settings), node.controllerState.oom.timer !== undefined];
}

/** What oomInputs follows without a wake: whether the lifecycle is off and when a past pressure has decayed. */
export const oomOutside: OutsideInputs<ControllerContext, OomOutside> = {
  note: (node) => ({ off: node.lifecycleState() === 'off', decayedMs: pressureDecayedMs(node) }),
  moved: (node, noted) => node.world.kernel.now >= noted.decayedMs || (node.lifecycleState() === 'off') !== noted.off,
};

interface OomOutside {
  off: boolean;
  /** When the ended memory pressure stops counting (Infinity: none ended, or it already has). */
  decayedMs: number;
}

function pressureDecayedMs(node: ControllerContext): number {
  const endedMs = node.faults.memoryPressure?.endedMs;
  return endedMs === undefined || node.world.kernel.now >= endedMs + PRESSURE_DECAY_MS ? Infinity : endedMs + PRESSURE_DECAY_MS;
}

/** Keeps the sampling timer armed while there is something to evaluate (a reconcile pass's run, and after each sample). */
export function oomController(node: ControllerContext, state: OomControllerState): void {
  const settings = oomSettings(node.config?.documents);
  const wanted = sampling(node, settings);
  if (!wanted) {
    node.world.kernel.cancel(state.timer);
    state.timer = undefined;
    return;
  }
  if (state.timer !== undefined && state.intervalMs === settings.intervalMs) return;
  node.world.kernel.cancel(state.timer);
  state.intervalMs = settings.intervalMs;
  arm(node, state);
}

function arm(node: ControllerContext, state: OomControllerState): void {
  state.timer = node.world.kernel.schedule(state.intervalMs, `oom ${node.name}`, () => {
    state.timer = undefined;
    node.wakeControllers(WAKE.oom);
    // A reboot gave the node new controller memory: this boot's timer is someone else's.
    if (node.controllerState.oom !== state || node.lifecycleState() === 'off') return;
    sample(node, state);
    oomController(node, state);
  });
}

const PSI_SUBTREES: ReadonlyArray<[string, QosClass | undefined]> = [
  ['', undefined], ['init', 'system'], ['system', 'system'], ['podruntime', 'podruntime'],
  ['kubepods/besteffort', 'besteffort'], ['kubepods/burstable', 'burstable'], ['kubepods/guaranteed', 'guaranteed'],
];

/** PopulatePsiToCtx: the trigger's variables from this sample (and the rates against the previous one). */
function triggerVariables(node: ControllerContext, state: OomControllerState, cgroups: Cgroup[]): Record<string, CelValue> {
  const now = node.world.kernel.now;
  const seconds = state.intervalMs / 1000;
  const variables: Record<string, CelValue> = {};
  const add = (name: string, qos: QosClass, value: number) => {
    const map = (variables[name] ??= {}) as Record<string, number>;
    const key = String(QOS_CLASS_NUMBER[qos]);
    map[key] = (map[key] ?? 0) + value;
  };
  const rate = (key: string, value: number) => {
    const old = state.oldValues.get(key);
    state.oldValues.set(key, value);
    return old === undefined ? 0 : (value - old) / seconds;
  };
  for (const [subtree, qos] of PSI_SUBTREES) {
    const psi = memoryPsi(node.faults.memoryPressure, subtree, now);
    for (const kind of ['some', 'full'] as const) {
      for (const span of ['avg10', 'avg60', 'avg300', 'total'] as const) {
        const value = psi[kind][span];
        const name = `memory_${kind}_${span}`;
        const diff = rate(`${subtree}/${name}`, value);
        if (qos === undefined) {
          variables[`d_${name}`] = diff;
          variables[name] = value;
        } else {
          add(`qos_${name}`, qos, value);
          add(`d_qos_${name}`, qos, diff);
        }
      }
    }
    if (qos === undefined) continue;
    const members = cgroups.filter((cgroup) => cgroup.path === subtree || cgroup.path.startsWith(`${subtree}/`));
    const sum = (pick: (cgroup: Cgroup) => number) => members.reduce((total, cgroup) => total + pick(cgroup), 0);
    // A parent's memory.max is unlimited here: NaN/Inf count as 0, as Talos's JSON-safe values.
    for (const [parameter, value] of [['current', sum((cgroup) => cgroup.currentBytes)], ['max', 0], ['peak', sum((cgroup) => cgroup.peakBytes)]] as const) {
      add(`qos_memory_${parameter}`, qos, value);
      add(`d_qos_memory_${parameter}`, qos, rate(`${subtree}/memory_${parameter}`, value));
    }
  }
  return variables;
}

/** The trigger context as Go's json.Marshal writes the map (keys sorted, a duration in ns). */
function contextJson(variables: Record<string, CelValue>, sinceTriggerNs: string): string {
  const entries = Object.entries({ ...variables, time_since_trigger: sinceTriggerNs }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const value = (item: unknown): string => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number') return String(item);
    const map = item as Record<string, number>;
    return `{${Object.keys(map).sort().map((key) => `"${key}":${map[key]}`).join(',')}}`;
  };
  return `{${entries.map(([key, item]) => `"${key}":${value(item)}`).join(',')}}`;
}

function sample(node: ControllerContext, state: OomControllerState): void {
  const settings = oomSettings(node.config?.documents);
  const now = node.world.kernel.now;
  const sinceTriggerMs = state.triggeredMs === undefined ? Number.MAX_SAFE_INTEGER : now - state.triggeredMs;
  const cgroups = leafCgroups(node, node.faults.memoryPressure);
  const variables = triggerVariables(node, state, cgroups);
  let trigger: boolean;
  try {
    trigger = settings.trigger.evaluate({ ...variables, time_since_trigger: sinceTriggerMs }) === true;
  } catch (error) {
    node.controllerLog(CONTROLLER, 'cannot evaluate OOM trigger expression', { error: `cannot evaluate expression: ${(error as Error).message}` }, 'ERROR');
    return;
  }
  for (const action of state.actionLog) {
    node.resources.put('runtime', RT.oomAction, String(action.id), { triggerContext: action.triggerContext, score: action.score, processes: action.processes });
  }
  node.resources.prune('runtime', RT.oomAction, new Set(state.actionLog.map((action) => String(action.id))));
  if (!trigger) return;
  const sinceTriggerNs = state.triggeredMs === undefined ? MAX_DURATION_NS : String((now - state.triggeredMs) * 1_000_000);
  const { score, processes } = act(node, settings, cgroups);
  state.actionLog.push({ id: state.nextId++, triggerContext: contextJson(variables, sinceTriggerNs), score, processes });
  if (state.actionLog.length > ACTION_LOG_KEEP) state.actionLog.splice(0, state.actionLog.length - ACTION_LOG_KEEP);
  state.triggeredMs = now;
}

/** OomAction: rank, select, kill; the victim's score and command lines. */
function act(node: ControllerContext, settings: OomSettings, cgroups: Cgroup[]): { score: number; processes: string[] } {
  node.controllerLog(CONTROLLER, 'OOM controller triggered');
  const ranked: Array<{ cgroup: Cgroup; score: number }> = [];
  for (const cgroup of cgroups) {
    let score: number;
    try {
      score = Number(settings.ranking.evaluate({
        class: QOS_CLASS_NUMBER[cgroup.qos], path: `${CGROUP_ROOT}/${cgroup.path}`,
        memory_current: cgroup.currentBytes, memory_peak: cgroup.peakBytes, memory_max: cgroup.maxBytes ?? null,
      }));
    } catch (error) {
      node.controllerLog(CONTROLLER, 'cannot calculate score for cgroup', { dir: `${CGROUP_ROOT}/${cgroup.path}`, error: (error as Error).message }, 'ERROR');
      continue;
    }
    if (score > 0) ranked.push({ cgroup, score });
  }
  const victim = selectVictim(ranked, settings.strict);
  if (victim === undefined) {
    node.controllerLog(CONTROLLER, 'no eligible cgroup to kill', { ranked: ranked.length }, 'WARN');
    return { score: 0, processes: [] };
  }
  const path = `${CGROUP_ROOT}/${victim.cgroup.path}`;
  node.controllerLog(CONTROLLER, 'Sending SIGKILL to cgroup', { cgroup: path }, 'WARN');
  const pids = victim.cgroup.processes.map((_, index) => 1000 + cgroups.indexOf(victim.cgroup) * 100 + index);
  node.controllerLog(CONTROLLER, 'victim processes:', { processes: pids });
  kill(node, victim.cgroup);
  return { score: victim.score, processes: victim.cgroup.processes };
}

/** SelectVictim: strict ordering takes the least important class with a positive score first. */
function selectVictim(ranked: Array<{ cgroup: Cgroup; score: number }>, strict: boolean): { cgroup: Cgroup; score: number } | undefined {
  let candidates = ranked;
  if (strict && ranked.length > 0) {
    const minClass = Math.min(...ranked.map((entry) => QOS_CLASS_NUMBER[entry.cgroup.qos]));
    candidates = ranked.filter((entry) => QOS_CLASS_NUMBER[entry.cgroup.qos] === minClass);
  }
  let best: { cgroup: Cgroup; score: number } | undefined;
  for (const entry of candidates) if (best === undefined || entry.score > best.score) best = entry;
  return best;
}

function kill(node: ControllerContext, cgroup: Cgroup): void {
  const fault = node.faults.memoryPressure;
  if (cgroup.hog && fault !== undefined && fault.endedMs === undefined) fault.endedMs = node.world.kernel.now;
  if (cgroup.service !== undefined) {
    const container = serviceDefinition(cgroup.service)?.runner.kind === 'container';
    node.killService(cgroup.service, container ? `task "${cgroup.service}" failed: exit code 137` : 'signal: killed');
  }
}
