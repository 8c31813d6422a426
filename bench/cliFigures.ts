/**
 * Figures of the compiled CLI as a user runs it (`node bin/racesim.js`, built by `npm run bench`):
 * the sweep's marginal conversations per second (a long sweep minus a short one, so start-up cancels),
 * and `run`'s start-up time and peak resident memory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const GAPS = '0:600:10'; // 61 gaps: runs × 61 conversations per sweep
/**
 * Sweeps of 100 and 500 runs: the short one already covers V8's warm-up (the optimising compiler settles
 * within the first ~4,000 conversations), so their difference is the steady cost per conversation, as
 * the stock baseline's figure is its best after a warm-up.
 */
const WARM = { short: 100, long: 500 };
/** The first measure (20 and 400 runs): the long sweep also pays most of the warm-up. */
const COLD = { short: 20, long: 400 };
const RUN_ARGS = ['run', 'scenarios/test-case-2-parallel-users.yaml', '--fix', 'off', '--quiet'];

/** Runs the CLI; its wall time in ms (and what it printed). */
function racesimWithOutput(args: readonly string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['bin/racesim.js', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`racesim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms: performance.now() - started, stdout: r.stdout };
}

const racesim = (args: readonly string[]) => racesimWithOutput(args).ms;

/** Runs of the parallel compare: peak-hour × off,on × 980 runs is ~1M calls, ~8 s on one worker. */
const COMPARE_RUNS = 980;

/**
 * Calls per second of the 1M-call compare through the CLI on `workers` threads, as users run it (the
 * bundled workers; start-up, ~0.3 s, included on both sides).
 */
function compareCallsPerSecond(workers: number): number {
  const out = mkdtempSync(join(tmpdir(), 'racesim-bench-'));
  try {
    const args = ['compare', '--workload', 'scenarios/workloads/peak-hour.yaml', '--fix', 'off,on', '--runs', String(COMPARE_RUNS), '--workers', String(workers), '--quiet', '--json', '--out', out];
    const { ms, stdout } = racesimWithOutput(args);
    const { variants } = JSON.parse(stdout) as { variants: Record<string, { calls: number }> };
    return (variants.off.calls + variants.on.calls) / (ms / 1000);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Peak RSS of one `run`, from GNU time (Node cannot read a child's rusage); NaN where it is missing. */
function runPeakRssMb(): number {
  if (!existsSync('/usr/bin/time')) return Number.NaN;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, 'bin/racesim.js', ...RUN_ARGS], { cwd: root, encoding: 'utf8' });
  return Number(r.stderr.trim().split('\n').at(-1)) / 1024;
}

const sweep = (runs: number) => racesim(['sweep', '--fix', 'on', '--gaps', GAPS, '--runs', String(runs), '--workers', '1', '--quiet', '--json']);

/**
 * Conversations per second between a short and a long sweep, each timed as the fastest of five: on a
 * shared machine a run is only ever slowed by others, and a difference of two medians amplifies that noise.
 */
function marginal(runs: { short: number; long: number }): { command: string; conversationsPerSecond: number } {
  const short = Math.min(...Array.from({ length: 5 }, () => sweep(runs.short)));
  const long = Math.min(...Array.from({ length: 5 }, () => sweep(runs.long)));
  return {
    command: `racesim sweep --fix on --gaps ${GAPS} --runs ${runs.long} (minus --runs ${runs.short}) --workers 1`,
    conversationsPerSecond: ((runs.long - runs.short) * 61) / ((long - short) / 1000),
  };
}

export function cliFigures() {
  sweep(COLD.short); // warm the file cache
  return {
    sweep: marginal(WARM),
    sweepFromCold: marginal(COLD),
    runCommand: `racesim ${RUN_ARGS.join(' ')}`,
    runStartupMs: median(Array.from({ length: 7 }, () => racesim(RUN_ARGS))),
    runPeakRssMb: runPeakRssMb(),
    compareCommand: `racesim compare --workload scenarios/workloads/peak-hour.yaml --fix off,on --runs ${COMPARE_RUNS} --workers N`,
    compareOneWorker: compareCallsPerSecond(1),
    compareTwoWorkers: compareCallsPerSecond(2),
  };
}
