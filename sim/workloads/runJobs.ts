import { Worker } from 'node:worker_threads';
import type { JudgedRun } from '../checkers/judgedRun.ts';
import { parseProperty } from '../checkers/properties.ts';
import { addViolatingRuns } from '../checkers/violatingRuns.ts';
import type { WorldOutcome } from '../world.ts';
import { addRun, emptyState, mergeState, type AccumulatorState } from '../metrics/accumulator.ts';
import { systemOfRef } from '../systems/registry.ts';
import { measureRun, type RunSpec } from './measureRun.ts';

/** A batch of Monte Carlo runs of one variant (and gap) over a list of seeds. Plain data, to cross threads. */
export interface RunJob extends RunSpec {
  readonly seeds: readonly number[];
  /** Properties every run is checked with, as written (`no-stale-after 1000`). */
  readonly properties?: readonly string[];
}

/** The empty state of a job's fold: counters for the layers its system and variant have. */
const emptyStateOf = (job: RunJob) => emptyState(systemOfRef(job.system).layers(job.config, job.variant).map((layer) => layer.name));

export type Progress = (done: { runs: number; calls: number }) => void;

/**
 * The worker's entry: compiled JavaScript beside this module when it runs from dist/, or, when it runs
 * from the TypeScript sources (tests, tsx), a bootstrap that registers tsx in the worker first.
 */
const workerEntry = import.meta.url.endsWith('.ts') ? new URL('./runWorker.mjs', import.meta.url) : new URL('./runWorker.js', import.meta.url);

/** Old-generation heap of one worker thread, in MB: run statistics are streamed and a run's world is garbage once folded; without a cap V8 grows the heap lazily. */
const WORKER_HEAP_MB = 96;
/** Young generation of one worker, in MB: a run allocates briefly and drops it all, so a small nursery is enough and keeps the process under 200 MB. */
const WORKER_YOUNG_MB = 8;

/** Runs a job in this thread; `onRun` hears the calls of each finished run. */
export function runJobHere(job: RunJob, onRun?: (calls: number) => void): AccumulatorState {
  const state = emptyStateOf(job);
  const checkers = (job.properties ?? []).map((property) => parseProperty(property, 'property'));
  for (const seed of job.seeds) {
    const fold = (outcome: WorldOutcome, run: JudgedRun, windowsMs: number[]) => {
      addRun(state, outcome, run.judgements, windowsMs, seed);
      addViolatingRuns(state.violatingRuns, checkers, { run, seed });
    };
    const calls = measureRun(job, seed, fold);
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
  const states = jobs.map(emptyStateOf);
  let next = 0;
  // This thread is one of the workers: it has the model loaded already, so it starts at once, while
  // the other threads still load theirs; it yields between chunks so their results are taken in.
  const here = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      mergeState(states[chunk.index], runJobHere(chunk.job, tick));
      await new Promise((resolve) => setImmediate(resolve)); // wall-clock-ok: lets worker messages in between chunks; no simulated time involved
    }
  };
  // Each thread keeps two chunks queued, so it never waits for this (busy) thread to hand it the next.
  const pool = Array.from({ length: Math.min(workers - 1, chunks.length) }, async () => {
    const worker = new Worker(workerEntry, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
    try {
      await new Promise<void>((resolve, reject) => {
        const queued: number[] = [];
        const sendNext = () => {
          if (next < chunks.length) {
            const chunk = chunks[next++];
            queued.push(chunk.index);
            worker.postMessage(chunk.job);
          } else if (queued.length === 0) resolve();
        };
        worker.on('message', (m: { run?: number; state?: AccumulatorState }) => {
          if (m.run !== undefined) return tick(m.run);
          mergeState(states[queued.shift()!], m.state!);
          sendNext();
        });
        worker.once('error', reject);
        sendNext();
        sendNext();
      });
    } finally {
      await worker.terminate();
    }
  });
  await Promise.all([here(), ...pool]);
  return states;
}
