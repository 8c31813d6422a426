import { isoUtc } from '../core/zonedTime.ts';
import { measurementOf, type AccumulatorState } from '../metrics/accumulator.ts';
import type { CompareResult, VariantMeasurement } from '../metrics/measurement.ts';
import { Oracle, type Judgement } from '../metrics/oracle.ts';
import { StalenessRecorder } from '../metrics/staleness.ts';
import type { ProfileName, VariantName } from '../systems/askproai/catalog.ts';
import { World, type WorldOutcome } from '../world.ts';
import type { WorldConfig } from '../worldConfig.ts';
import { spawnWorkloadCallers } from './callers.ts';
import { spawnPair } from './gapSweep.ts';
import { runJobs, type Progress } from './runJobs.ts';
import type { Workload } from './workload.ts';

export interface MeasureOptions {
  readonly workload: Workload;
  readonly variants: readonly VariantName[];
  readonly runs: number;
  /** Run i of every variant uses seed + i: the same callers for every variant (common random numbers). */
  readonly seed: number;
  readonly profile?: ProfileName;
  /** TTLs overriding the workload's, in seconds (`--ttl layer1=45,layer2=300`). */
  readonly ttlSeconds?: Partial<WorldConfig['ttlSeconds']>;
  /** The command line that reproduces the result, printed in every report. */
  readonly command: string;
  /** Called after every run with the calls simulated so far. */
  readonly onProgress?: Progress;
  /** Worker threads; 1 runs in this thread. The result is the same for any count. */
  readonly workers?: number;
}

export function effectiveProfile(options: { readonly profile?: ProfileName }, workload: Workload): ProfileName {
  return options.profile ?? workload.profile ?? 'seed';
}

export function worldOf(workload: Workload, ttlSeconds?: Partial<WorldConfig['ttlSeconds']>): WorldConfig {
  return ttlSeconds ? { ...workload.world, ttlSeconds: { ...workload.world.ttlSeconds, ...ttlSeconds } } : workload.world;
}

/** One Monte Carlo run of a workload, judged and handed to `fold`; returns the calls it made. */
export function measureRun(
  workload: Workload,
  config: WorldConfig,
  profile: ProfileName,
  variant: VariantName,
  seed: number,
  fold: (outcome: WorldOutcome, judgements: Judgement[], stalenessWindowsMs: number[]) => void,
  gapSeconds?: number,
): number {
  let recorder: StalenessRecorder | undefined;
  const world = new World({
    config,
    timezone: workload.timezone,
    startMs: workload.startMs,
    profile,
    variant,
    seed,
    storeObservers: [{ put: (...a) => recorder!.put(...a), forget: (k) => recorder!.forget(k) }],
  });
  recorder = new StalenessRecorder(world.sim);
  const gap = gapSeconds ?? workload.pair?.gapSeconds;
  if (gap !== undefined) spawnPair(world, workload, gap);
  else spawnWorkloadCallers(world, workload);
  const outcome = world.run();
  const judgements = new Oracle(outcome.ledger, (ms) => world.calcom.isOnGrid(ms)).judgeAll(outcome.records);
  fold(outcome, judgements, recorder.windowsMs(outcome.ledger, isoUtc));
  return outcome.records.length;
}

/** `--shard i/n`: this part runs the run indices r with r mod n = i − 1. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The seeds a measurement runs: seed + r for r in 0..runs−1, or this shard's share of them. */
export function seedsOf(options: { readonly runs: number; readonly seed: number }, shard?: Shard): number[] {
  const seeds: number[] = [];
  for (let r = 0; r < options.runs; r++) if (!shard || r % shard.count === shard.index - 1) seeds.push(options.seed + r);
  return seeds;
}

/** Every variant over the same seeds: the states, per variant, before they become measurements. */
export async function compareStates(options: MeasureOptions, shard?: Shard): Promise<Record<string, AccumulatorState>> {
  const profile = effectiveProfile(options, options.workload);
  const config = worldOf(options.workload, options.ttlSeconds);
  const seeds = seedsOf(options, shard);
  const jobs = options.variants.map((variant) => ({ workload: options.workload, config, profile, variant, seeds }));
  const states = await runJobs(jobs, options.workers ?? 1, options.onProgress);
  return Object.fromEntries(options.variants.map((v, i) => [v, states[i]]));
}

export function compareResult(options: MeasureOptions, states: Record<string, AccumulatorState>): CompareResult {
  const variants: Record<string, VariantMeasurement> = {};
  for (const v of options.variants) variants[v] = measurementOf(states[v]);
  return { workload: options.workload.name, profile: effectiveProfile(options, options.workload), runs: options.runs, seed: options.seed, command: options.command, variants };
}

/** `racesim compare`: every variant over the same seeds. */
export async function compareVariants(options: MeasureOptions): Promise<CompareResult> {
  return compareResult(options, await compareStates(options));
}
