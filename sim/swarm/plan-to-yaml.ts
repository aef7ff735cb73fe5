// A plan written back as scenario YAML, the inverse of the loader: what shrinking hands the user
// as a ready-to-run file. Node groups come out as single nodes, defaults the loader filled in are
// written out where the plan keeps them, times are written as durations, and the files a plan
// names (machine configs, hardware profiles) are re-pointed relative to where the YAML goes.
// Every fault is declared in `faults:` under its name (an inline `inject:` fault becomes a
// declared one with neither `at` nor `when`, which the same step then injects by name: same
// fault, same name, so the same random draws). Leaves out the original's comments and layout,
// and a `lesson:` (shrinking is about runs).
import { dirname, relative, resolve } from 'node:path';
import { packagePath } from '../../proto/package-root.ts';
import { parse, stringify } from 'yaml';
import type { ExpectationPlan, FaultPlan, FaultTargetPlan, NodePlan, NodeSelector, ScenarioPlan, StateCondition, StepAction, StepPlan } from '../scenario/plan.ts';
import { formatDurationMs } from '../scenario/load-duration.ts';
import { isProfilePath } from '../scenario/load-cluster.ts';

export interface PlanToYamlOptions {
  /** Directory the YAML will be written to; relative paths in the plan are rewritten against it. */
  outputDir: string;
  /** Seed written into the file; default the plan's own. */
  seed?: string;
  /** Lines of the comment that opens the file (without `# `). */
  headerLines?: readonly string[];
}

/** A plan holds something no scenario file can say (a bug in this serialiser or a newer plan type). */
export class PlanNotSerialisable extends Error {
  constructor(readonly what: string) {
    super(`cannot write the plan back as scenario YAML: ${what}`);
    this.name = 'PlanNotSerialisable';
  }
}

const SCHEMA_FILE = packagePath('schema', 'scenario.schema.json');

export function planToYaml(plan: ScenarioPlan, options: PlanToYamlOptions): string {
  const schemaPath = relative(options.outputDir, SCHEMA_FILE);
  const comments = [`yaml-language-server: $schema=${schemaPath}`, ...(options.headerLines ?? [])];
  const header = comments.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  return `${header}\n${stringify(planToScenarioInput(plan, options), { lineWidth: 0 })}`;
}

/** The scenario file's data (before YAML) for a plan. */
export function planToScenarioInput(plan: ScenarioPlan, options: PlanToYamlOptions): Record<string, unknown> {
  const paths = new PathRewriter(dirname(plan.file), options.outputDir);
  const seed = options.seed ?? plan.seed;
  return definedOnly({
    name: plan.name,
    description: plan.description || undefined,
    seed: /^(0|[1-9]\d{0,14})$/.test(seed) ? Number(seed) : seed,
    duration: formatDurationMs(plan.durationMs),
    cluster: definedOnly({
      name: plan.cluster.name,
      endpoint: plan.cluster.endpoint || undefined,
      subnet: plan.cluster.subnet,
      talosVersion: plan.cluster.talosVersion,
      kms: plan.cluster.kms ? { address: plan.cluster.kms.address } : undefined,
      secrets: plan.cluster.secrets ? paths.rewrite(plan.cluster.secrets.path) : undefined,
      nodes: plan.cluster.nodes.map((node) => nodeInput(node, paths)),
    }),
    faults: plan.faults && plan.faults.length > 0 ? plan.faults.map(faultInput) : undefined,
    steps: plan.steps.length > 0 ? plan.steps.map((step) => stepInput(step, paths)) : undefined,
    expect: plan.expectations.length > 0 ? plan.expectations.map(expectationInput) : undefined,
    expectFailure: plan.expectFailure ? true : undefined,
  });
}

/** Paths relative to the original scenario's directory, re-pointed at the output directory. */
class PathRewriter {
  constructor(
    private readonly fromDir: string,
    private readonly toDir: string,
  ) {}

  rewrite(path: string): string {
    const rewritten = relative(this.toDir, resolve(this.fromDir, path));
    return rewritten.startsWith('.') ? rewritten : `./${rewritten}`;
  }
}

function nodeInput(node: NodePlan, paths: PathRewriter): Record<string, unknown> {
  const { profile, overrides } = node.hardware;
  const writtenProfile = isProfilePath(profile) ? paths.rewrite(profile) : profile;
  const hardware = overrides ? { profile: writtenProfile, ...overrides } : writtenProfile === 'default' ? undefined : writtenProfile;
  if (node.config.source === 'file' && node.config.path === undefined) throw new PlanNotSerialisable(`node ${node.name}: a config file without its path`);
  return definedOnly({
    name: node.name,
    role: node.role,
    hardware,
    config: node.config.source === 'file' ? paths.rewrite(node.config.path!) : undefined,
    patches: node.config.patches.length > 0 ? node.config.patches : undefined,
    configured: node.configured ? undefined : false,
  });
}

function stepInput(step: StepPlan, paths: PathRewriter): Record<string, unknown> {
  const { action, ...fields } = step.act;
  return definedOnly({
    at: formatDurationMs(step.atMs),
    name: step.name,
    [action]: actionInput(step.act, fields, paths),
    as: step.caller && structuredClone(step.caller),
    expect: step.expect && { ...step.expect },
  });
}

function actionInput(act: StepAction, fields: Record<string, unknown>, paths: PathRewriter): Record<string, unknown> {
  switch (act.action) {
    case 'apply-config': {
      const source = act.config.path !== undefined
        ? { file: paths.rewrite(act.config.path) }
        : act.config.patches !== undefined
          ? { patches: act.config.patches }
          : act.config.fault !== undefined
            ? { fault: act.config.fault }
            : { config: parse(act.config.text ?? '') as unknown };
      const tryTimeout = act.tryTimeoutMs === undefined ? undefined : formatDurationMs(act.tryTimeoutMs);
      return definedOnly({ node: act.node, mode: act.mode, ...source, tryTimeout, insecure: act.insecure });
    }
    case 'wait-until':
      return { ...conditionInput(act.condition), timeout: formatDurationMs(act.timeoutMs) };
    case 'inject':
      return { fault: act.fault };
    case 'heal':
      return act.fault !== undefined ? { fault: act.fault } : { all: true };
    case 'bootstrap':
    case 'reboot':
    case 'shutdown':
    case 'reset':
    case 'upgrade':
    case 'power-on':
    case 'service':
    case 'etcd':
    case 'debug-shell-edit':
    case 'confirm-try':
    case 'probe':
      return definedOnly({ ...fields });
    default:
      throw new PlanNotSerialisable(`unknown step action ${JSON.stringify((act as { action: string }).action)}`);
  }
}

function expectationInput(expectation: ExpectationPlan): Record<string, unknown> {
  return definedOnly({ ...expectationTime(expectation), name: expectation.name, not: expectation.not ? true : undefined, ...conditionInput(expectation.condition) });
}

function expectationTime(expectation: ExpectationPlan): Record<string, unknown> {
  switch (expectation.when) {
    case 'throughout': {
      const until = expectation.untilMs === undefined ? undefined : formatDurationMs(expectation.untilMs);
      return { throughout: definedOnly({ from: formatDurationMs(expectation.atMs), until }) };
    }
    case 'within':
      if (!expectation.after || expectation.withinMs === undefined) throw new PlanNotSerialisable(`expectation "${expectation.name}": within without its fault event`);
      return { within: formatDurationMs(expectation.withinMs), after: { [expectation.after.event]: expectation.after.fault } };
    default:
      return { [expectation.when]: formatDurationMs(expectation.atMs) };
  }
}

function faultInput(fault: FaultPlan): Record<string, unknown> {
  return definedOnly({
    name: fault.name,
    kind: fault.kind,
    targets: faultTargetsInput(fault.targets),
    options: Object.keys(fault.options).length > 0 ? structuredClone(fault.options) : undefined,
    at: fault.atMs === undefined ? undefined : formatDurationMs(fault.atMs),
    when: fault.when && conditionInput(fault.when),
    duration: fault.durationMs === undefined ? undefined : formatDurationMs(fault.durationMs),
  });
}

function faultTargetsInput(targets: FaultTargetPlan): Record<string, unknown> | undefined {
  if (targets.kind === 'cluster') return undefined;
  if (targets.kind === 'link') return { from: [...targets.from], to: [...targets.to] };
  return selectorInput(targets.nodes);
}

function conditionInput(condition: StateCondition): Record<string, unknown> {
  const { unmetCondition, service, applyState, resource, log, address, file } = condition;
  return definedOnly({
    ...selectorInput(condition.nodes),
    stage: condition.stage,
    ready: condition.ready,
    unmetCondition: unmetCondition && definedOnly({ name: unmetCondition.name, reason: unmetCondition.reasonContains }),
    noUnmetCondition: condition.noUnmetCondition,
    service: service && definedOnly({ id: service.id, state: service.state, healthy: service.healthy, lastEvent: service.lastEventContains }),
    resource: resource && { ...resource },
    log: log && { ...log },
    applyState: applyState && definedOnly({ state: applyState.state, reason: applyState.reasonContains }),
    kubernetesNodeReady: condition.kubernetesNodeReady,
    kubernetes: condition.kubernetes && definedOnly({ ...condition.kubernetes }),
    address: address && { ...address },
    file: file && { ...file },
  });
}

function selectorInput(selector: NodeSelector): Record<string, unknown> {
  if (selector.kind === 'names') return selector.names.length === 1 ? { node: selector.names[0] } : { nodes: [...selector.names] };
  if (selector.kind === 'role') return { role: selector.role };
  return { all: true };
}

/**
 * The first place two plans differ in what a run does (where things were written and the paths
 * of the files they name aside), as `steps[2].caller`; undefined when they agree. Shrinking checks
 * a plan against itself written and loaded back, so a plan field this file does not write yet is
 * an error, not a silently different scenario.
 */
export function planDifference(expected: ScenarioPlan, actual: ScenarioPlan): string | undefined {
  return firstDifference(comparable(expected), comparable(actual), '');
}

function comparable(plan: ScenarioPlan): unknown {
  return JSON.parse(
    JSON.stringify({ ...plan, file: '' }, (key, value: unknown) => {
      if (key === 'source' || key === 'path') return undefined;
      if (key === 'profile' && typeof value === 'string' && isProfilePath(value)) return undefined;
      return value;
    }),
  );
}

function firstDifference(expected: unknown, actual: unknown, at: string): string | undefined {
  if (typeof expected !== 'object' || typeof actual !== 'object' || expected === null || actual === null) {
    return Object.is(expected, actual) ? undefined : at || '(plan)';
  }
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of keys) {
    const path = Array.isArray(expected) ? `${at}[${key}]` : at ? `${at}.${key}` : key;
    const difference = firstDifference((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], path);
    if (difference) return difference;
  }
  return undefined;
}

function definedOnly(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined));
}
