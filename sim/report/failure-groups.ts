// Identical failures of a sweep, grouped: the first case with a given failure (same scenario,
// same failures: kind, name, detail) is printed in full; the others only count, and one line per
// group at the end names how many runs failed the same way and their seeds. A 200-seed sweep of a
// scenario that fails identically for every seed prints one failure and one line, not 200.
import type { CaseReport } from './sweep-report.ts';

interface Group {
  scenario: string;
  firstSeed: string;
  seeds: string[];
}

const SEEDS_SHOWN = 20;

export class FailureGroups {
  private readonly groups = new Map<string, Group>();

  /** Records a failed case; true when it is the first of its kind (print it in full). */
  add(sweepCase: CaseReport): boolean {
    const key = JSON.stringify([sweepCase.file, sweepCase.failures.map((failure) => [failure.kind, failure.name, failure.detail])]);
    const group = this.groups.get(key);
    if (group) {
      group.seeds.push(sweepCase.seed);
      return false;
    }
    this.groups.set(key, { scenario: sweepCase.scenario, firstSeed: sweepCase.seed, seeds: [] });
    return true;
  }

  /** One line per group with repeats: `canary seed=1: the same failure in 199 more runs (seeds 2, 3, ...)`. */
  summaryText(): string {
    const lines: string[] = [];
    for (const group of this.groups.values()) {
      if (group.seeds.length === 0) continue;
      const shown = group.seeds.slice(0, SEEDS_SHOWN).join(', ');
      const more = group.seeds.length > SEEDS_SHOWN ? `, ... ${group.seeds.length - SEEDS_SHOWN} more` : '';
      lines.push(`${group.scenario} seed=${group.firstSeed}: the same failure in ${group.seeds.length} more run${group.seeds.length === 1 ? '' : 's'} (seeds ${shown}${more})`);
    }
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }
}
