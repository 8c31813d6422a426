import { measurementOf, type AccumulatorState } from '../metrics/accumulator.ts';
import { wilson, type SweepPoint, type SweepResult } from '../metrics/measurement.ts';
import { effectiveProfile, seedsOf, systemRefOf, worldOf, type MeasureOptions, type Shard } from './measureOptions.ts';
import { runJobs, type RunJob } from './runJobs.ts';
import { InputError, quote } from '../inputError.ts';
import { limits } from '../limits.ts';

/** Parses `from:to:step` (seconds, inclusive) for `--gaps`: gaps up to limits.durationMs, at most limits.sweepGaps of them. */
export function parseGaps(text: string): number[] {
  const m = /^(\d{1,9}):(\d{1,9}):(\d{1,9})$/.exec(text);
  const [from, to, step] = m ? m.slice(1).map(Number) : [];
  const maxSeconds = limits.durationMs / 1000;
  if (!m || step <= 0 || from > to || to > maxSeconds) {
    throw new InputError(`--gaps: expected from:to:step in seconds with from ≤ to ≤ ${maxSeconds} and step > 0 (e.g. 0:600:10), got ${quote(text)}`);
  }
  const count = Math.floor((to - from) / step) + 1;
  if (count > limits.sweepGaps) throw new InputError(`--gaps: ${quote(text)} makes ${count} gaps; expected at most ${limits.sweepGaps} (raise step)`);
  return Array.from({ length: count }, (_, i) => from + i * step);
}

/** The jobs of a sweep: one per variant and gap, all on the same seeds. */
function sweepJobs(options: MeasureOptions & { readonly gaps: readonly number[] }, shard?: Shard): RunJob[] {
  const profile = effectiveProfile(options, options.workload);
  const config = worldOf(options.workload, options.ttlSeconds);
  const seeds = seedsOf(options, shard);
  return options.variants.flatMap((variant) => options.gaps.map((gapSeconds) => ({ workload: options.workload, config, system: systemRefOf(options), profile, variant, seeds, gapSeconds })));
}

/** The states of a sweep, keyed `variant@gap`. */
export async function sweepStates(options: MeasureOptions & { readonly gaps: readonly number[] }, shard?: Shard): Promise<Record<string, AccumulatorState>> {
  const jobs = sweepJobs(options, shard);
  const states = await runJobs(jobs, options.workers ?? 1, options.onProgress);
  return Object.fromEntries(jobs.map((job, i) => [`${job.variant}@${job.gapSeconds}`, states[i]]));
}

export function sweepResult(options: MeasureOptions & { readonly gaps: readonly number[] }, states: Record<string, AccumulatorState>): SweepResult {
  const variants: Record<string, SweepPoint[]> = Object.create(null); // keyed by variant names: `__proto__` and `constructor` are names too
  for (const variant of options.variants) {
    variants[variant] = options.gaps.map((gapSeconds) => {
      const m = measurementOf(states[`${variant}@${gapSeconds}`]);
      // B is the only caller who can hear a stale "available" or be rejected: one direct answer per run,
      // and whatever alternatives B is offered (A asks first for a free slot and is offered none).
      const { direct, alternatives } = m.staleSplit;
      return {
        gapSeconds,
        runs: options.runs,
        staleAvailable: wilson(direct.stale + alternatives.stale, options.runs + alternatives.of),
        staleSplit: { direct: wilson(direct.stale, options.runs), alternatives: alternatives.rate },
        conflict: wilson(m.conflicts, options.runs),
      };
    });
  }
  const { workload, runs, seed, command } = options;
  return { workload: workload.name, profile: effectiveProfile(options, workload), runs, seed, command, variants };
}

/** `racesim sweep`: per variant and gap, how often B hears a stale "available" and how often B is rejected. */
export async function gapSweep(options: MeasureOptions & { readonly gaps: readonly number[] }): Promise<SweepResult> {
  return sweepResult(options, await sweepStates(options));
}
