// OOMConfig's CEL expressions compiled as Talos compiles them: its own default expressions (maps,
// optionals, durations, multiply_qos_vectors, the cgroup class constants) pass in their
// environments and only there; a wrong output type is Talos's text.
import { describe, expect, it } from 'vitest';
import { celOutputError, DEFAULT_OOM_RANKING_EXPRESSION, DEFAULT_OOM_TRIGGER_EXPRESSION, oomConfigErrors } from '../../nodes/config/oom-validation.ts';
import { CEL_ENVIRONMENTS } from '../../nodes/config/cel-environments.ts';

describe('OOMConfig expressions', () => {
  it("Talos's defaults compile: the trigger to a bool, the ranking to a double", () => {
    expect(celOutputError(DEFAULT_OOM_TRIGGER_EXPRESSION, CEL_ENVIRONMENTS.oomTrigger, 'bool')).toBe('');
    expect(celOutputError(DEFAULT_OOM_RANKING_EXPRESSION, CEL_ENVIRONMENTS.oomCgroupScoring, 'double')).toBe('');
    expect(oomConfigErrors({ triggerExpression: DEFAULT_OOM_TRIGGER_EXPRESSION, cgroupRankingExpression: DEFAULT_OOM_RANKING_EXPRESSION, sampleInterval: '500ms' })).toEqual([]);
  });

  it('each in the other environment fails: the variables are not declared there', () => {
    expect(celOutputError(DEFAULT_OOM_RANKING_EXPRESSION, CEL_ENVIRONMENTS.oomTrigger, 'double')).toContain("undeclared reference to 'memory_max' (in container '')");
    expect(celOutputError(DEFAULT_OOM_TRIGGER_EXPRESSION, CEL_ENVIRONMENTS.oomCgroupScoring, 'bool')).toContain("undeclared reference to 'multiply_qos_vectors' (in container '')");
  });

  it('map values and keys are typed: a string key into a QoS vector, and orValue with another type, are refused', () => {
    expect(celOutputError('qos_memory_full_avg10["System"] > 1.0', CEL_ENVIRONMENTS.oomTrigger, 'bool')).toContain("found no matching overload for '_[_]' applied to '(map(int, double), string)'");
    expect(celOutputError('double(memory_current.orValue(0))', CEL_ENVIRONMENTS.oomCgroupScoring, 'double')).toContain("found no matching overload for 'orValue' applied to 'optional_type(uint).(int)'");
    expect(oomConfigErrors({ cgroupRankingExpression: 'class == Besteffort' })).toEqual(['OOM cgroup scoring expression is invalid: expression output type is bool, expected double']);
  });
});
