import type { Checker, Fold } from './checker.ts';
import type { JudgedRun } from './judgedRun.ts';

/** How many violating seeds a count names: enough to replay a few, bounded however many runs violate. */
export const NAMED_SEEDS = 5;

/** Runs checked, and those in which the checker was invalid or could not tell (unknown). Plain data: crosses threads and shard files. */
export interface ViolatingRunCount {
  runs: number;
  invalid: number;
  unknown: number;
  /** The lowest seeds (at most NAMED_SEEDS, ascending) of the runs counted as invalid or unknown: the same however the runs were split. */
  seeds: number[];
}

/** One run checked, with the seed that reproduces it. */
export interface SeededRun {
  readonly run: JudgedRun;
  readonly seed: number;
}

/** No runs checked yet. */
export const noRunsChecked = (): ViolatingRunCount => ({ runs: 0, invalid: 0, unknown: 0, seeds: [] });

/** The lowest NAMED_SEEDS of two seed lists, ascending. */
const lowestSeeds = (a: readonly number[], b: readonly number[]) => [...a, ...b].sort((x, y) => x - y).slice(0, NAMED_SEEDS);

/** Two counts of disjoint runs as one: counts add, the lowest seeds are kept. */
export const mergeViolatingRuns = (a: ViolatingRunCount, b: ViolatingRunCount): ViolatingRunCount => ({
  runs: a.runs + b.runs,
  invalid: a.invalid + b.invalid,
  unknown: a.unknown + b.unknown,
  seeds: lowestSeeds(a.seeds, b.seeds),
});

/** Counts the runs a checker does not find valid; merging is adding, so any split of the runs gives the same count and seeds. */
export function violatingRuns(checker: Checker): Fold<ViolatingRunCount, SeededRun> {
  return {
    empty: noRunsChecked,
    add: (state, { run, seed }) => {
      const { result } = checker.check(run);
      state.runs++;
      if (result === 'valid') return state;
      state[result]++;
      state.seeds = lowestSeeds(state.seeds, [seed]);
      return state;
    },
    merge: mergeViolatingRuns,
  };
}

/** Runs that do not show the checker valid: a run it cannot judge is not a run it passed. */
export const violating = (count: ViolatingRunCount): number => count.invalid + count.unknown;

/** Adds one run to the count of each checker, keyed by the checker's name. */
export function addViolatingRuns(counts: Record<string, ViolatingRunCount>, checkers: readonly Checker[], seeded: SeededRun): void {
  for (const checker of checkers) {
    const fold = violatingRuns(checker);
    counts[checker.name] = fold.add(counts[checker.name] ?? fold.empty(), seeded);
  }
}
