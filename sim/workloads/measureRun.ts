import { judgeRun, type JudgedRun } from '../checkers/judgedRun.ts';
import { isoUtc } from '../core/zonedTime.ts';
import { StalenessRecorder } from '../metrics/staleness.ts';
import { defaultSystem, type ProfileName, type VariantName } from '../systems/registry.ts';
import { World, type WorldOptions, type WorldOutcome } from '../world.ts';
import type { WorldConfig } from '../worldConfig.ts';
import { spawnWorkloadCallers } from './callers.ts';
import { spawnPair } from './pairCallers.ts';
import type { Workload } from './workload.ts';

/** One Monte Carlo run of a workload, judged (no events, no step reports: it only wraps what the run has) and handed to `fold`; returns the calls it made. */
export function measureRun(
  workload: Workload,
  config: WorldConfig,
  profile: ProfileName,
  variant: VariantName,
  seed: number,
  fold: (outcome: WorldOutcome, run: JudgedRun, stalenessWindowsMs: number[]) => void,
  gapSeconds?: number,
): number {
  let recorder: StalenessRecorder | undefined;
  const world = workloadWorld(workload, config, profile, variant, seed, gapSeconds, {
    storeObservers: [{ put: (...a) => recorder!.put(...a), forget: (k) => recorder!.forget(k) }],
  });
  recorder = new StalenessRecorder(world.sim, defaultSystem.entries);
  const outcome = world.run();
  fold(outcome, judgeRun(world, outcome), recorder.windowsMs(outcome.ledger, isoUtc));
  return outcome.records.length;
}

/** One run's world with its callers spawned (the pair, or the workload's Poisson callers); not yet run. */
export function workloadWorld(
  workload: Workload,
  config: WorldConfig,
  profile: ProfileName,
  variant: VariantName,
  seed: number,
  gapSeconds: number | undefined,
  extra: Pick<WorldOptions, 'storeObservers' | 'trace'>,
): World {
  const world = new World({ config, timezone: workload.timezone, startMs: workload.startMs, profile, variant, seed, ...extra });
  const gap = gapSeconds ?? workload.pair?.gapSeconds;
  if (gap !== undefined) spawnPair(world, workload, gap);
  else spawnWorkloadCallers(world, workload);
  return world;
}
