import { Option, type Command } from 'commander';
import { InputError } from '../inputError.ts';
import type { CompareResult, SweepResult } from '../metrics/measurement.ts';
import { percent, rate, writeCompareReport } from '../reports/compareReport.ts';
import { profileNames, type VariantName } from '../systems/askproai/catalog.ts';
import { checkAppClaims } from '../workloads/appClaims.ts';
import { readFileSync } from 'node:fs';
import { mergeState, type AccumulatorState } from '../metrics/accumulator.ts';
import { writeFileAtomic } from '../reports/writeAtomic.ts';
import { gapSweep, parseGaps, sweepResult, sweepStates } from '../workloads/gapSweep.ts';
import { compareResult, compareStates, type MeasureOptions, type Shard } from '../workloads/monteCarlo.ts';
import { defaultWorkers } from '../workloads/runJobs.ts';
import { loadWorkloadFile, workloadSlug, type Workload } from '../workloads/workload.ts';
import { ymd } from '../core/zonedTime.ts';
import { ZonedCalendar } from '../core/zonedTime.ts';
import { parseProfile, parseRuns, parseSeed, parseTtl, parseVariantList } from './options.ts';
import { progressReporter } from './progress.ts';
import { renderTable } from './table.ts';

interface MeasureFlags {
  readonly workload: string;
  readonly fix: string;
  readonly runs: string;
  readonly seed: string;
  readonly profile?: string;
  readonly ttl?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly workers?: string;
  readonly shard?: string;
}

/** The options every measuring command shares, and the exact command line that reproduces its result. */
function measureOptions(flags: MeasureFlags, command: string, extra: string[] = []): MeasureOptions & { workload: Workload; variants: VariantName[] } {
  const workload = loadWorkloadFile(flags.workload);
  const variants = parseVariantList(flags.fix);
  const runs = parseRuns(flags.runs);
  const seed = parseSeed(flags.seed);
  const profile = parseProfile(flags.profile);
  const ttlSeconds = parseTtl(flags.ttl);
  const workers = flags.workers === undefined ? defaultWorkers() : parseRuns(flags.workers, '--workers');
  const line = [
    `racesim ${command} --workload ${flags.workload} --fix ${variants.join(',')} --runs ${runs} --seed ${seed}`,
    profile ? `--profile ${profile}` : '',
    flags.ttl ? `--ttl ${flags.ttl}` : '',
    ...extra,
  ];
  return { workload, variants, runs, seed, profile, ttlSeconds, workers, command: line.filter(Boolean).join(' ') };
}

function addMeasureOptions(command: Command, defaults: { workload: string; fix: string; runs: string }): Command {
  return command
    .option('--workload <file>', 'workload YAML file', defaults.workload)
    .option('--fix <variants>', 'comma-separated variants (racesim variants lists them)', defaults.fix)
    .option('--runs <n>', 'runs per variant (and per gap)', defaults.runs)
    .option('--seed <n>', 'seed of run 0; run i uses seed + i for every variant', '1')
    .addOption(new Option('--profile <profile>', 'app version (default: the workload\'s, else seed)').choices([...profileNames]))
    .option('--ttl <ttls>', 'override TTLs in seconds, e.g. layer1=45,layer2=300')
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'no progress bar')
    .option('--workers <n>', 'worker threads (default: the number of cores); the result is identical for any n')
    .option('--shard <i/n>', 'run only the i-th of n parts of the seeds and write a partial result for racesim merge');
}

/** Registers `compare`, `sweep` and `merge`. */
export function registerMeasureCommands(program: Command): void {
  addMeasureOptions(
    program.command('compare').description('Run every variant on the same seeds; print a summary and write a report (md, html, json, svg).'),
    { workload: 'scenarios/workloads/app-analysis.yaml', fix: 'off,on,none', runs: '100' },
  )
    .option('--out <dir>', 'report folder (default reports/<workload>-<start date>/)')
    .option('--claims', 'also test the app\'s own claims (TTL 30..300 s; several extra runs)')
    .action(async (flags: MeasureFlags & { out?: string; claims?: boolean }) => {
      const options = measureOptions(flags, 'compare', flags.claims ? ['--claims'] : []);
      const shard = parseShard(flags.shard);
      const progress = progressReporter(options.runs * options.variants.length, flags.quiet);
      const states = await compareStates({ ...options, onProgress: progress.update }, shard);
      progress.stop();
      if (shard) return writePartial(flags, { kind: 'compare', flags, shard, states });
      const compare = compareResult(options, states);
      await finishCompare(options, compare, flags);
    });

  addMeasureOptions(
    program.command('sweep').description('The two-caller gap sweep: how often B hears a stale "available" and is rejected, per gap after A booked.'),
    { workload: 'scenarios/workloads/two-callers.yaml', fix: 'off,on', runs: '100' },
  )
    .option('--gaps <from:to:step>', 'gaps in seconds, inclusive', '0:600:10')
    .option('--out <file>', 'with --shard: where to write the partial result')
    .action(async (flags: MeasureFlags & { gaps: string; out?: string }) => {
      const gaps = gapsOf(flags.gaps);
      const options = { ...measureOptions(flags, 'sweep', [`--gaps ${flags.gaps}`]), gaps };
      const shard = parseShard(flags.shard);
      const progress = progressReporter(options.runs * options.variants.length * gaps.length, flags.quiet);
      const states = await sweepStates({ ...options, onProgress: progress.update }, shard);
      progress.stop();
      if (shard) return writePartial(flags, { kind: 'sweep', flags, shard, states });
      printSweep(sweepResult(options, states), flags.json);
    });

  program
    .command('merge')
    .description('Combine the partial results of racesim compare/sweep --shard i/n into exactly the unsharded result.')
    .argument('<partials...>', 'files written by --shard runs (all n parts)')
    .option('--json', 'print the result as JSON')
    .option('--out <dir>', 'compare: report folder')
    .action(async (files: string[], flags: { json?: boolean; out?: string }) => {
      const partials = files.map(readPartial);
      const first = partials[0];
      const count = first.shard.count;
      const indexes = partials.map((p) => p.shard.index).sort((a, b) => a - b);
      const same = partials.every((p) => p.kind === first.kind && p.shard.count === count && JSON.stringify(p.flags) === JSON.stringify(first.flags));
      if (!same) throw new InputError(`${files.join(', ')}: the partials come from different commands or options; merge the parts of one run`);
      if (indexes.join() !== Array.from({ length: count }, (_, i) => i + 1).join()) {
        throw new InputError(`${files.join(', ')}: expected shards 1..${count} once each, got ${indexes.join(', ')}`);
      }
      const states = partials.reduce<Record<string, AccumulatorState>>((all, p) => {
        for (const [key, state] of Object.entries(p.states)) all[key] = all[key] ? mergeState(all[key], state) : state;
        return all;
      }, {});
      const mergedFlags = { ...first.flags, json: flags.json, out: flags.out, shard: undefined, quiet: true };
      if (first.kind === 'compare') {
        const options = measureOptions(mergedFlags, 'compare', mergedFlags.claims ? ['--claims'] : []);
        await finishCompare(options, compareResult(options, states), mergedFlags);
      } else {
        const options = { ...measureOptions(mergedFlags, 'sweep', [`--gaps ${mergedFlags.gaps}`]), gaps: gapsOf(mergedFlags.gaps!) };
        printSweep(sweepResult(options, states), flags.json);
      }
    });
}

/** A shard's output: the options it ran with and its states, for `racesim merge`. */
interface PartialResult {
  readonly format: typeof PARTIAL_FORMAT;
  readonly kind: 'compare' | 'sweep';
  readonly flags: MeasureFlags & { claims?: boolean; gaps?: string; out?: string };
  readonly shard: Shard;
  readonly states: Record<string, AccumulatorState>;
}
const PARTIAL_FORMAT = 'racesim-partial/1';

function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new InputError(`--shard: expected i/n with 1 ≤ i ≤ n, got "${text}"`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

function gapsOf(text: string): number[] {
  const gaps = parseGaps(text);
  if (!gaps) throw new InputError(`--gaps: expected from:to:step in seconds (e.g. 0:600:10), got "${text}"`);
  return gaps;
}

function writePartial(flags: { json?: boolean; out?: string }, partial: Omit<PartialResult, 'format' | 'flags'> & { flags: MeasureFlags }): void {
  const { workers: _workers, quiet: _quiet, json: _json, shard: _shard, ...stable } = partial.flags as MeasureFlags & { out?: string };
  const text = JSON.stringify({ format: PARTIAL_FORMAT, ...partial, flags: { ...stable, out: undefined } });
  if (flags.json || !flags.out) console.log(text);
  else {
    writeFileAtomic(flags.out, text + '\n');
    console.error(`partial ${partial.shard.index}/${partial.shard.count} written to ${flags.out}`);
  }
}

function readPartial(file: string): PartialResult {
  let partial: PartialResult;
  try {
    partial = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: not a readable partial result (${(error as Error).message})`);
  }
  if (partial.format !== PARTIAL_FORMAT) throw new InputError(`${file}: format: expected "${PARTIAL_FORMAT}"; write partials with --shard i/n`);
  return partial;
}

async function finishCompare(options: MeasureOptions & { workload: Workload }, compare: CompareResult, flags: MeasureFlags & { out?: string; claims?: boolean }): Promise<void> {
  const { workload } = options;
  const sweep = workload.pair ? await gapSweep({ ...options, gaps: parseGaps('0:600:20')!, runs: Math.min(options.runs, 100) }) : undefined;
  const claims = flags.claims ? await checkAppClaims(options) : undefined;
  const out = flags.out ?? `reports/${workloadSlug(workload)}-${ymd(new ZonedCalendar(workload.timezone).toLocal(workload.startMs))}`;
  const files = await writeCompareReport(out, { compare, sweep, claims });
  if (flags.json) console.log(JSON.stringify(compare, null, 2));
  else {
    console.log(renderCompare(compare));
    console.log(`\nreport: ${files.find((f) => f.endsWith('report.html'))}\nreproduce: ${compare.command}`);
  }
}

function printSweep(sweep: SweepResult, json: boolean | undefined): void {
  console.log(json ? JSON.stringify(sweep, null, 2) : renderSweep(sweep));
}

export function renderCompare(compare: CompareResult): string {
  const rows = Object.entries(compare.variants).map(([name, m]) => [
    name,
    String(m.calls),
    rate(m.staleAvailableRate),
    rate(m.conflictRate),
    `${m.attribution.toctou}/${m.attribution.staleCache.layer1}/${m.attribution.staleCache.layer2}/${m.attribution.upstreamLag}/${m.attribution.noCheck}`,
    m.calcomRequestsPerCall.toFixed(3),
    m.keysForgottenPerBooking.toFixed(1),
    `${(m.stalenessWindowMs.p90 / 1000).toFixed(1)} s`,
  ]);
  return [
    `${compare.workload}  profile=${compare.profile} runs=${compare.runs} seed=${compare.seed}  (rates with 95 % Wilson intervals)`,
    '',
    renderTable(['variant', 'calls', 'stale "available"', 'rejected bookings', 'toctou/L1/L2/lag/no-check', 'Cal.com req/call', 'keys/booking', 'staleness p90'], rows),
  ].join('\n');
}

function renderSweep(sweep: SweepResult): string {
  const variants = Object.keys(sweep.variants);
  const gaps = sweep.variants[variants[0]]?.map((p) => p.gapSeconds) ?? [];
  const rows = gaps.map((gap, i) => [String(gap), ...variants.flatMap((v) => [percent(sweep.variants[v][i].staleAvailable.value), percent(sweep.variants[v][i].conflict.value)])]);
  return [
    `${sweep.workload}  profile=${sweep.profile} runs=${sweep.runs} per gap, seed=${sweep.seed}`,
    '',
    renderTable(['gap s', ...variants.flatMap((v) => [`${v}: stale`, `${v}: rejected`])], rows),
    '',
    `reproduce: ${sweep.command}`,
  ].join('\n');
}
