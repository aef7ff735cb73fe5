// Loading lessons: every bundled lesson loads into a scenario plan and a lesson plan, validates
// against the generated JSON Schema, and a lesson with a mistake is refused with file:line:col,
// the field and what was expected, like every scenario loading error.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadLessonText } from '../../sim/scenario/load-lesson.ts';
import { scenarioJsonSchema } from '../../sim/scenario/json-schema.ts';
import { validateJsonSchema } from '../scenario-loader/json-schema-validator.ts';
import { bundledLessons, findLesson } from '../../sim/ui/lesson-catalogue.ts';

const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no file ${path}`), { code: 'ENOENT' });
};

const lesson = (lessonYaml: string) => `name: l
cluster:
  nodes:
    - { name: cp-1, role: controlplane }
    - { name: worker-1, role: worker }
lesson:
${lessonYaml}`;

describe('bundled lessons', () => {
  it('load, are found by number, file or name, and validate against the JSON Schema', () => {
    const entries = bundledLessons();
    expect(entries.map((entry) => entry.number)).toEqual(['01', '02', '03', '04', '05', '06', '07']);
    expect(findLesson('2')?.file.scenario.name).toBe('lesson-fix-stuck-reconciling');
    expect(findLesson('03-worker-label.yaml')?.number).toBe('03');
    expect(findLesson('ca-mismatch')?.number).toBe('04');
    expect(findLesson('7')?.number).toBe('07');
    expect(findLesson('8')).toBeUndefined();
    for (const entry of entries) {
      expect(validateJsonSchema(scenarioJsonSchema() as never, parse(readFileSync(entry.path, 'utf8'))), entry.path).toEqual([]);
    }
  });

  it('turns goals into conditions, the time limit into ms, and keeps the hints in order', () => {
    const { lesson: plan } = findLesson('3')!.file;
    expect(plan.goals[0]).toMatchObject({
      name: 'worker-1 carries the label talsim.dev/pool=blue',
      condition: { nodes: { kind: 'names', names: ['worker-1'] }, kubernetesNodeLabel: { key: 'talsim.dev/pool', value: 'blue' } },
    });
    expect(plan.timeLimitMs).toBe(600_000);
    expect(plan.hints).toHaveLength(3);
    expect(plan.success).toBeUndefined();
  });
});

describe('lesson mistakes', () => {
  it('a goal without a check', () => {
    const text = lesson('  title: t\n  story: s\n  goals:\n    - name: nothing to check\n      node: cp-1\n');
    expect(() => loadLessonText(text, 'l.yaml', noFiles)).toThrow(/^l\.yaml:10:7: lesson\.goals\[0\]: expected at least one check \(stage, .*kubernetesNodeLabel, talosconfigAccepted\), found none$/);
  });

  it('a goal on a node the cluster does not have', () => {
    const text = lesson('  title: t\n  story: s\n  goals:\n    - name: g\n      node: cp-2\n      ready: true\n');
    expect(() => loadLessonText(text, 'l.yaml', noFiles)).toThrow('l.yaml:11:13: lesson.goals[0].node: expected a node name of the cluster (cp-1, worker-1), found "cp-2"');
  });

  it('an unknown key and a time limit without a unit', () => {
    expect(() => loadLessonText(lesson('  title: t\n  story: s\n  goals: [ { name: g, ready: true } ]\n  hint: [x]\n'), 'l.yaml', noFiles)).toThrow(
      /^l\.yaml:10:3: lesson\.hint: expected a known key: did you mean "hints"\? \(keys: title, story, goals, hints, success, timeLimit\), found "hint"$/,
    );
    expect(() => loadLessonText(lesson('  title: t\n  story: s\n  goals: [ { name: g, ready: true } ]\n  timeLimit: 600\n'), 'l.yaml', noFiles)).toThrow(
      /^l\.yaml:10:14: lesson\.timeLimit: expected a duration with a unit/,
    );
  });

  it('a scenario without a lesson is not a lesson', () => {
    expect(() => loadLessonText('name: l\ncluster:\n  nodes: [ { name: cp-1, role: controlplane } ]\n', 'l.yaml', noFiles)).toThrow(
      'l.yaml:1:1: lesson: expected a `lesson:` mapping (title, story, goals), found no value',
    );
  });
});
