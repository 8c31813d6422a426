import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { addRun, emptyState, mergeState, type AccumulatorState } from '../metrics/accumulator.ts';
import type { ProfileName, VariantName } from '../systems/askproai/catalog.ts';
import type { WorldConfig } from '../worldConfig.ts';
import { measureRun } from './monteCarlo.ts';
import type { Workload } from './workload.ts';

/** A batch of Monte Carlo runs of one variant (and gap) over a list of seeds. Plain data, to cross threads. */
export interface RunJob {
  readonly workload: Workload;
  readonly config: WorldConfig;
  readonly profile: ProfileName;
  readonly variant: VariantName;
  readonly seeds: readonly number[];
  readonly gapSeconds?: number;
}

export type Progress = (done: { runs: number; calls: number }) => void;

export const defaultWorkers = () => availableParallelism();

/** Old-generation heap of one worker, in MB: a run's world is garbage once folded. */
const WORKER_HEAP_MB = 96;

/** Runs a job in this thread; `onRun` hears the calls of each finished run. */
export function runJobHere(job: RunJob, onRun?: (calls: number) => void): AccumulatorState {
  const state = emptyState();
  for (const seed of job.seeds) {
    const calls = measureRun(job.workload, job.config, job.profile, job.variant, seed, (o, j, w) => addRun(state, o, j, w), job.gapSeconds);
    onRun?.(calls);
  }
  return state;
}

/**
 * Runs every job, on `workers` threads when more than one. Jobs are cut into chunks of seeds and the
 * chunks' states merged per job; merging is adding, so the result is the same for any worker count.
 */
export async function runJobs(jobs: readonly RunJob[], workers: number, onProgress?: Progress): Promise<AccumulatorState[]> {
  let runs = 0;
  let calls = 0;
  const tick = (c: number) => onProgress?.({ runs: ++runs, calls: (calls += c) });
  if (workers <= 1) return jobs.map((job) => runJobHere(job, tick));
  const totalSeeds = jobs.reduce((n, j) => n + j.seeds.length, 0);
  const chunkSize = Math.max(1, Math.ceil(totalSeeds / (workers * 8)));
  const chunks = jobs.flatMap((job, index) =>
    Array.from({ length: Math.ceil(job.seeds.length / chunkSize) }, (_, c) => ({ index, job: { ...job, seeds: job.seeds.slice(c * chunkSize, (c + 1) * chunkSize) } })),
  );
  const states = jobs.map(() => emptyState());
  let next = 0;
  const pool = Array.from({ length: Math.min(workers, chunks.length) }, async () => {
    // Run statistics are streamed, so a worker needs little heap; without a cap V8 grows it lazily.
    const worker = new Worker(new URL('./runWorker.mjs', import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    try {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        const state = await new Promise<AccumulatorState>((resolve, reject) => {
          const onMessage = (m: { run?: number; state?: AccumulatorState }) => {
            if (m.run !== undefined) return tick(m.run);
            worker.off('message', onMessage);
            worker.off('error', reject);
            resolve(m.state!);
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
          worker.postMessage(chunk.job);
        });
        mergeState(states[chunk.index], state);
      }
    } finally {
      await worker.terminate();
    }
  });
  await Promise.all(pool);
  return states;
}
