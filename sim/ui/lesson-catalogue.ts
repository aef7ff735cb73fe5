// The bundled lessons (`lessons/*.yaml`): listed in file order with their titles, and found by
// what a trainee types: a number (`2`, `02`), a file name, the lesson's name, or a path.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { packagePath } from '../../proto/package-root.ts';
import { loadLessonFile, type LessonFile } from '../scenario/load-lesson.ts';

export const BUNDLED_LESSONS_DIR = packagePath('lessons') + '/';

export interface LessonEntry {
  /** `02`, from the file name's leading number. */
  number: string;
  path: string;
  file: LessonFile;
}

export function bundledLessons(directory = BUNDLED_LESSONS_DIR): LessonEntry[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => {
      const path = join(directory, name);
      return { number: /^(\d+)/.exec(name)?.[1] ?? '', path, file: loadLessonFile(path) };
    });
}

/** The lesson `spec` names, or undefined; a path to a lesson file outside the bundle works too. */
export function findLesson(spec: string, directory = BUNDLED_LESSONS_DIR): LessonEntry | undefined {
  if ((spec.includes('/') || spec.endsWith('.yaml')) && existsSync(spec)) {
    return { number: '', path: resolve(spec), file: loadLessonFile(spec) };
  }
  const wanted = spec.replace(/^0+(?=\d)/, '');
  return bundledLessons(directory).find(
    (entry) =>
      entry.number.replace(/^0+(?=\d)/, '') === wanted ||
      basename(entry.path) === spec ||
      basename(entry.path).replace(/\.ya?ml$/, '') === spec ||
      entry.file.scenario.name === spec ||
      entry.file.scenario.name === `lesson-${spec}`,
  );
}
