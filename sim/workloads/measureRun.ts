import { judgeRun, type JudgedRun } from '../checkers/judgedRun.ts';
import { isoUtc } from '../core/zonedTime.ts';
import { StalenessRecorder } from '../metrics/staleness.ts';
import { systemOfRef, type SystemRef, type ProfileName, type VariantName } from '../systems/registry.ts';
import { World, type WorldOptions, type WorldOutcome } from '../world.ts';
import type { WorldConfig } from '../worldConfig.ts';
import { spawnWorkloadCallers } from './callers.ts';
import { spawnPair } from './pairCallers.ts';
import type { Workload } from './workload.ts';

/** What one Monte Carlo run runs: a workload's callers (or the pair `gapSeconds` apart) on a system, profile and variant. */
export interface RunSpec {
  readonly workload: Workload;
  readonly config: WorldConfig;
  readonly system: SystemRef;
  /** The system's own names: askproai's profiles and variants, or a stack file's. */
  readonly profile: string;
  readonly variant: string;
  readonly gapSeconds?: number;
}

/** One Monte Carlo run of a workload, judged (no events, no step reports: it only wraps what the run has) and handed to `fold`; returns the calls it made. */
export function measureRun(spec: RunSpec, seed: number, fold: (outcome: WorldOutcome, run: JudgedRun, stalenessWindowsMs: number[]) => void): number {
  let recorder: StalenessRecorder | undefined;
  const world = workloadWorld(spec, seed, {
    storeObservers: [{ put: (key, value, ttlSeconds) => recorder!.put(key, value, ttlSeconds), forget: (key) => recorder!.forget(key), ignoresAbsentForgets: true }],
  });
  recorder = new StalenessRecorder(world.sim, systemOfRef(spec.system).entries);
  const outcome = world.run();
  fold(outcome, judgeRun(world, outcome), recorder.windowsMs(outcome.ledger, isoUtc));
  return outcome.records.length;
}

/** One run's world with its callers spawned (the pair, or the workload's Poisson callers); not yet run. */
export function workloadWorld(spec: RunSpec, seed: number, extra: Pick<WorldOptions, 'storeObservers' | 'trace'>): World {
  const { workload, config } = spec;
  const system = systemOfRef(spec.system);
  // Profiles and variants are typed by askproai's names; another system's are its own strings.
  const world = new World({
    config,
    timezone: workload.timezone,
    startMs: workload.startMs,
    system,
    profile: spec.profile as ProfileName,
    variant: spec.variant as VariantName,
    seed,
    ...extra,
  });
  const gap = spec.gapSeconds ?? workload.pair?.gapSeconds;
  if (gap !== undefined) spawnPair(world, workload, gap);
  else spawnWorkloadCallers(world, workload);
  return world;
}
