/**
 * Figures of the compiled CLI as a user runs it (`node bin/racesim.js`, built by `npm run bench`):
 * the sweep's marginal conversations per second (a long sweep minus a short one, so start-up cancels),
 * and `run`'s start-up time and peak resident memory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const GAPS = '0:600:10'; // 61 gaps: runs × 61 conversations per sweep
const SHORT_RUNS = 20;
const LONG_RUNS = 400; // 23,180 conversations more than the short sweep: ~0.6 s at 40k/s, well above the timing noise
const RUN_ARGS = ['run', 'scenarios/test-case-2-parallel-users.yaml', '--fix', 'off', '--quiet'];

function racesim(args: readonly string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['bin/racesim.js', ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`racesim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return performance.now() - started;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Peak RSS of one `run`, from GNU time (Node cannot read a child's rusage); NaN where it is missing. */
function runPeakRssMb(): number {
  if (!existsSync('/usr/bin/time')) return Number.NaN;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, 'bin/racesim.js', ...RUN_ARGS], { cwd: root, encoding: 'utf8' });
  return Number(r.stderr.trim().split('\n').at(-1)) / 1024;
}

export function cliFigures() {
  const sweep = (runs: number) => racesim(['sweep', '--fix', 'on', '--gaps', GAPS, '--runs', String(runs), '--workers', '1', '--quiet', '--json']);
  sweep(SHORT_RUNS); // warm the file cache
  // The fastest of five, as for the stock baseline: on a shared machine a run is only ever slowed by
  // others, and a difference of two medians amplifies that noise.
  const short = Math.min(...Array.from({ length: 5 }, () => sweep(SHORT_RUNS)));
  const long = Math.min(...Array.from({ length: 5 }, () => sweep(LONG_RUNS)));
  const conversations = (LONG_RUNS - SHORT_RUNS) * 61;
  return {
    sweepCommand: `racesim sweep --fix on --gaps ${GAPS} --runs ${LONG_RUNS} (minus --runs ${SHORT_RUNS}) --workers 1`,
    sweepConversationsPerSecond: conversations / ((long - short) / 1000),
    runCommand: `racesim ${RUN_ARGS.join(' ')}`,
    runStartupMs: median(Array.from({ length: 7 }, () => racesim(RUN_ARGS))),
    runPeakRssMb: runPeakRssMb(),
  };
}
