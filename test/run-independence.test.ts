import { describe, expect, it } from 'vitest';
import { measureRun } from '../sim/workloads/measureRun.ts';
import { loadWorkloadFile, type Workload } from '../sim/workloads/workload.ts';
import { defaultSystemRef, type VariantName } from '../sim/systems/registry.ts';

/**
 * Monte Carlo runs share per-process state that depends only on the world (calendars, forget lists,
 * memoised instants and ISO strings) and streams that seed themselves at their first draw. A run's
 * result must not depend on what the process ran before it: each seed gives the same run whatever
 * order the runs come in and whatever other workloads ran in between.
 */
const workload = (name: string) => loadWorkloadFile(new URL(`../scenarios/workloads/${name}.yaml`, import.meta.url).pathname);

function runOf(w: Workload, variant: VariantName, seed: number, gapSeconds?: number): string {
  let folded = '';
  const spec = { workload: w, config: w.world, system: defaultSystemRef, profile: w.profile ?? 'seed', variant, gapSeconds };
  measureRun(spec, seed, (outcome, run, windows) => {
    const { records, ledger, stats, calcomRequests, liveKeys } = outcome;
    folded = JSON.stringify({ records, ledger, stats, calcomRequests, liveKeys, judgements: run.judgements, windows });
  });
  return folded;
}

describe('a run is independent of the runs before it', () => {
  it('the sweep pair gives the same run for a seed in any order, before and after other workloads', () => {
    const pair = workload('two-callers');
    const cases = [1, 2, 3, 4, 5, 6].flatMap((seed) => (['on', 'off', 'versioned-keys', 'leases'] as const).map((variant) => ({ seed, variant, gap: (seed * 70) % 610 })));
    const first = cases.map(({ seed, variant, gap }) => runOf(pair, variant, seed, gap));
    const peak = workload('peak-hour');
    runOf(peak, 'on', 9);
    runOf(peak, 'l2-30', 10);
    const again = [...cases].reverse().map(({ seed, variant, gap }) => runOf(pair, variant, seed, gap)).reverse();
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it('a busy workload gives the same run for a seed before and after other runs', () => {
    const peak = workload('peak-hour');
    const before = runOf(peak, 'on', 3);
    for (const seed of [4, 5]) runOf(workload('two-callers'), 'on', seed, 30);
    runOf(peak, 'versioned-keys', 3);
    expect(runOf(peak, 'on', 3)).toBe(before);
  });
});
