import type { Checker, Fold } from './checker.ts';
import type { JudgedRun } from './judgedRun.ts';

/** Runs checked, and those in which the checker was invalid or could not tell (unknown). Plain data: crosses threads and shard files. */
export interface ViolatingRunCount {
  runs: number;
  invalid: number;
  unknown: number;
}

/** No runs checked yet. */
export const noRunsChecked = (): ViolatingRunCount => ({ runs: 0, invalid: 0, unknown: 0 });

/** Counts the runs a checker does not find valid; merging is adding, so any split of the runs gives the same count. */
export function violatingRuns(checker: Checker): Fold<ViolatingRunCount> {
  return {
    empty: noRunsChecked,
    add: (state, run: JudgedRun) => {
      const { result } = checker.check(run);
      state.runs++;
      if (result !== 'valid') state[result]++;
      return state;
    },
    merge: (a, b) => ({ runs: a.runs + b.runs, invalid: a.invalid + b.invalid, unknown: a.unknown + b.unknown }),
  };
}

/** Runs that do not show the checker valid: a run it cannot judge is not a run it passed. */
export const violating = (count: ViolatingRunCount): number => count.invalid + count.unknown;

/** Adds one run to the count of each checker, keyed by the checker's name. */
export function addViolatingRuns(counts: Record<string, ViolatingRunCount>, checkers: readonly Checker[], run: JudgedRun): void {
  for (const checker of checkers) {
    const fold = violatingRuns(checker);
    counts[checker.name] = fold.add(counts[checker.name] ?? fold.empty(), run);
  }
}
