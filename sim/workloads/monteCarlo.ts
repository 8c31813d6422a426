import { measurementOf, type AccumulatorState } from '../metrics/accumulator.ts';
import type { CompareResult, VariantMeasurement } from '../metrics/measurement.ts';
import { effectiveProfile, seedsOf, systemRefOf, worldOf, type MeasureOptions, type Shard } from './measureOptions.ts';
import { runJobs } from './runJobs.ts';

/** Every variant over the same seeds: the states, per variant, before they become measurements. */
export async function compareStates(options: MeasureOptions, shard?: Shard): Promise<Record<string, AccumulatorState>> {
  const profile = effectiveProfile(options, options.workload);
  const config = worldOf(options.workload, options.ttlSeconds);
  const seeds = seedsOf(options, shard);
  const jobs = options.variants.map((variant) => ({ workload: options.workload, config, system: systemRefOf(options), profile, variant, seeds, properties: options.properties }));
  const states = await runJobs(jobs, options.workers ?? 1, options.onProgress);
  return Object.fromEntries(options.variants.map((v, i) => [v, states[i]]));
}

export function compareResult(options: MeasureOptions, states: Record<string, AccumulatorState>): CompareResult {
  const variants: Record<string, VariantMeasurement> = Object.create(null); // keyed by variant names: `__proto__` and `constructor` are names too
  for (const v of options.variants) variants[v] = measurementOf(states[v]);
  const { workload } = options;
  const busyDay = workload.pair ? undefined : { simulatedHoursPerRun: workload.durationMs / 3_600_000, ...workload.busyDay };
  return { workload: workload.name, profile: effectiveProfile(options, workload), runs: options.runs, seed: options.seed, command: options.command, variants, busyDay };
}

/** `racesim compare`: every variant over the same seeds. */
export async function compareVariants(options: MeasureOptions): Promise<CompareResult> {
  return compareResult(options, await compareStates(options));
}
