// OOMConfig's Validate (pkg/machinery/config/types/runtime/oom.go at v1.13.9): the trigger
// expression is compiled in Talos's OOMTrigger CEL environment and must yield a bool, the cgroup
// ranking expression in OOMCgroupScoring and must yield a double, with cel-go's error texts
// under Talos's prefixes; a negative sample interval is refused. Talos's own default expressions
// compile here as they do there (the test checks it).
// The expressions are evaluated by the OOM handler (nodes/controllers/oom-controller.ts).
import { CelError, formatCelErrors, parseCel, type CelNode } from './cel-syntax.ts';
import { CelChecker } from './cel-check.ts';
import { CEL_ENVIRONMENTS, typeName, type CelEnvironment } from './cel-environments.ts';
import { parseGoDuration } from '../go-format/duration.ts';

/** Talos's defaults (constants.DefaultOOMTriggerExpression, DefaultOOMCgroupRankingExpression). */
export const DEFAULT_OOM_TRIGGER_EXPRESSION = `(multiply_qos_vectors(d_qos_memory_full_total, {System: 8.0, Podruntime: 4.0}) > 3000.0 &&
     multiply_qos_vectors(qos_memory_full_avg10, {System: 1.0, Podruntime: 1.0}) > 5.0 && time_since_trigger > duration("5s")) ||
\t(memory_full_avg10 > 75.0 && time_since_trigger > duration("10s"))`;
export const DEFAULT_OOM_RANKING_EXPRESSION = `memory_max.hasValue() ? 0.0 :
\t{Besteffort: 1.0, Burstable: 0.5, Guaranteed: 0.0, Podruntime: 0.0, System: 0.0}[class] *
\t   double(memory_current.orValue(0u))`;

/** cel.ParseBooleanExpression / ParseDoubleExpression: '' when it compiles to `expected`, else the error. */
export function celOutputError(expression: string, env: CelEnvironment, expected: 'bool' | 'double'): string {
  let tree: CelNode;
  try {
    tree = parseCel(expression);
  } catch (error) {
    if (error instanceof CelError) return formatCelErrors(expression, [error]);
    throw error;
  }
  const checker = new CelChecker(env);
  const output = checker.check(tree);
  if (checker.errors.length > 0) return formatCelErrors(expression, checker.errors);
  return typeName(output) === expected ? '' : `expression output type is ${typeName(output)}, expected ${expected}`;
}

export function oomConfigErrors(body: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const trigger = typeof body.triggerExpression === 'string' ? body.triggerExpression : '';
  const ranking = typeof body.cgroupRankingExpression === 'string' ? body.cgroupRankingExpression : '';
  const triggerError = trigger === '' ? '' : celOutputError(trigger, CEL_ENVIRONMENTS.oomTrigger, 'bool');
  if (triggerError !== '') errors.push(`OOM trigger expression is invalid: ${triggerError}`);
  const rankingError = ranking === '' ? '' : celOutputError(ranking, CEL_ENVIRONMENTS.oomCgroupScoring, 'double');
  if (rankingError !== '') errors.push(`OOM cgroup scoring expression is invalid: ${rankingError}`);
  const interval = typeof body.sampleInterval === 'string' ? parseGoDuration(body.sampleInterval) : null;
  if (interval !== null && interval < 0n) errors.push('OOM sample interval must be longer than 0');
  return errors;
}
