import { isoUtc } from '../core/zonedTime.ts';
import { VariantAccumulator } from '../metrics/accumulator.ts';
import type { CompareResult, VariantMeasurement } from '../metrics/measurement.ts';
import { Oracle } from '../metrics/oracle.ts';
import { StalenessRecorder } from '../metrics/staleness.ts';
import type { ProfileName, VariantName } from '../systems/askproai/catalog.ts';
import { World } from '../world.ts';
import type { WorldConfig } from '../worldConfig.ts';
import { spawnWorkloadCallers } from './callers.ts';
import { spawnPair } from './gapSweep.ts';
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
  readonly onProgress?: (done: { runs: number; calls: number }) => void;
}

export function effectiveProfile(options: { readonly profile?: ProfileName }, workload: Workload): ProfileName {
  return options.profile ?? workload.profile ?? 'seed';
}

export function worldOf(workload: Workload, ttlSeconds?: Partial<WorldConfig['ttlSeconds']>): WorldConfig {
  return ttlSeconds ? { ...workload.world, ttlSeconds: { ...workload.world.ttlSeconds, ...ttlSeconds } } : workload.world;
}

/** One Monte Carlo run of a workload, judged, folded into `into`; returns the calls it made. */
export function measureRun(
  workload: Workload,
  config: WorldConfig,
  profile: ProfileName,
  variant: VariantName,
  seed: number,
  into: VariantAccumulator,
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
  into.add(outcome, judgements, recorder.windowsMs(outcome.ledger, isoUtc));
  return outcome.records.length;
}

/** `racesim compare`: every variant over the same seeds. */
export function compareVariants(options: MeasureOptions): CompareResult {
  const { workload, runs, seed } = options;
  const profile = effectiveProfile(options, workload);
  const config = worldOf(workload, options.ttlSeconds);
  const variants: Record<string, VariantMeasurement> = {};
  let calls = 0;
  let done = 0;
  for (const variant of options.variants) {
    const accumulator = new VariantAccumulator();
    for (let i = 0; i < runs; i++) {
      calls += measureRun(workload, config, profile, variant, seed + i, accumulator);
      options.onProgress?.({ runs: ++done, calls });
    }
    variants[variant] = accumulator.result();
  }
  return { workload: workload.name, profile, runs, seed, command: options.command, variants };
}
