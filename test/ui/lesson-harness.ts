// Plays lessons for the tests: load a bundled lesson, set its scene, act through the node
// commands (the path the API and the UI use), run virtual time, read the lesson's verdict.
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadLessonFile, type LessonFile } from '../../sim/scenario/load-lesson.ts';
import { setUpLesson, type LessonWorld } from '../../sim/ui/lesson-setup.ts';
import { LessonTracker } from '../../sim/ui/lesson-tracker.ts';
import { applyConfiguration, type ApplyMode, type ApplyReply } from '../../nodes/node-commands.ts';
import { applyPatches } from '../../sim/cluster/cluster.ts';
import { parse } from 'yaml';

export const LESSONS_DIR = resolve(import.meta.dirname, '../../lessons');

export interface PlayedLesson extends LessonWorld {
  file: LessonFile;
  tracker: LessonTracker;
}

export function startLesson(name: string): PlayedLesson {
  const file = loadLessonFile(resolve(LESSONS_DIR, name));
  const world = setUpLesson(file);
  return { ...world, file, tracker: new LessonTracker(world.cluster, file.lesson, world.startedAtMs) };
}

/** Applies config text and runs the kernel until the node answers; returns the reply or throws its error. */
export function apply(lesson: PlayedLesson, node: string, text: string, mode: ApplyMode): ApplyReply {
  const kernel = lesson.cluster.world.kernel;
  const operation = applyConfiguration(lesson.cluster.node(node), { data: text, mode, dryRun: false });
  kernel.runUntilCondition(() => operation.done, { maxTimeMs: kernel.now + 60_000 });
  if (operation.error) throw operation.error;
  return operation.result!;
}

/** The node's current config with a bundled patch file (lessons/files/...) merged in. */
export function patched(lesson: PlayedLesson, node: string, patchFile: string): string {
  const patch = parse(readFileSync(resolve(LESSONS_DIR, 'files', patchFile), 'utf8')) as Record<string, unknown>;
  const target = lesson.cluster.node(node);
  return applyPatches(target.config!.text, [patch], target.talosVersion);
}

export function runFor(lesson: PlayedLesson, durationMs: number): void {
  lesson.cluster.world.kernel.advance(durationMs);
}

/** Runs until the lesson is passed or `maxMs` of virtual time has gone by; returns whether it passed. */
export function runUntilPassed(lesson: PlayedLesson, maxMs: number): boolean {
  const kernel = lesson.cluster.world.kernel;
  return kernel.runUntilCondition(() => lesson.tracker.successHolds(), { maxTimeMs: kernel.now + maxMs }) && lesson.tracker.status().passed;
}
