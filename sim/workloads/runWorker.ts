import { parentPort } from 'node:worker_threads';
import { runJobHere, type RunJob } from './runJobs.ts';

/** Runs the jobs the main thread sends, one at a time, reporting each run and then the merged state. */
parentPort!.on('message', (job: RunJob) => {
  const state = runJobHere(job, (calls) => parentPort!.postMessage({ run: calls }));
  parentPort!.postMessage({ state });
});
