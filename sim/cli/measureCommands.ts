import { Option, type Command } from 'commander';
import { InputError, quote, readInputFile } from '../inputError.ts';
import { EXAMPLE_KINDS, type CompareResult, type ExampleRun, type SweepResult, type VariantMeasurement } from '../metrics/measurement.ts';
import { expectedText, headline, percent, rate, rateMeasures, replayCommand, writeCompareReport, type RateMeasure } from '../reports/compareReport.ts';
import { profileNames, systemOfRef, type SystemRef } from '../systems/registry.ts';
import { checkAppClaims, checkCommitClaims } from '../workloads/appClaims.ts';
import { gapSweep, parseGaps, sweepResult, sweepStates } from '../workloads/gapSweep.ts';
import { compareResult, compareStates } from '../workloads/monteCarlo.ts';
import { worldOf, type MeasureOptions, type Shard } from '../workloads/measureOptions.ts';
import { noteDerivedRates, parseWorkload, workloadSlug, type Workload } from '../workloads/workload.ts';
import { ymd, calendarFor } from '../core/zonedTime.ts';
import { shellCommand } from '../escape/shell.ts';
import { checkTotalRuns, parseOutputPath, parseProfile, parseRuns, parseSeed, parseSystemVariantList, parseTtl, parseVariantList, parseWorkers, refuseProfile, shippedDefault, stackOption, systemArgumentsOf, systemOption, workloadSystem } from './options.ts';
import { gateSeeds, reportMergedGate } from './gateCommand.ts';
import { mergePartials, parseShard, seedRangeOf, writePartial, type PartialKind, type SeedRange } from './partials.ts';
import { progressReporter } from './progress.ts';
import { renderTable } from './table.ts';
import type { CacheLayer } from '../systems/systemPlugin.ts';
import { exampleTimelines } from './exampleTimelines.ts';

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
  readonly system?: string;
  readonly stack?: string;
}

type Measure = MeasureOptions & { workload: Workload; workloadText: string; system: SystemRef; variants: string[]; replayPrefix: string };

/** The variants, profile and TTLs a measurement may take on its system: a stack file has its own variants and TTLs, and no profiles. */
function systemChoices(system: SystemRef, flags: MeasureFlags) {
  if (!system.stack) return { variants: parseVariantList(flags.fix) as string[], profile: parseProfile(flags.profile), ttlSeconds: parseTtl(flags.ttl) };
  refuseProfile(system, flags.profile);
  if (flags.ttl !== undefined) throw new InputError('--ttl: a stack file sets its own TTLs (ttlSeconds of each layer)');
  return { variants: parseSystemVariantList(flags.fix, systemOfRef(system)), profile: undefined, ttlSeconds: undefined };
}

/**
 * The options every measuring command shares, and the exact command line that reproduces its result.
 * `inputs` (merge) holds the workload's text as the parts read it, so merge never re-reads the file.
 */
function measureOptions(flags: MeasureFlags, command: string, extra: string[] = [], inputs?: Record<string, string>): Measure {
  const workloadText = inputs ? inputs[flags.workload] : readInputFile(flags.workload, 'workload file');
  if (typeof workloadText !== 'string') throw new InputError(`merge: the partials hold no text of the workload ${quote(flags.workload)}`);
  const workload = parseWorkload(workloadText, flags.workload);
  if (!inputs) noteDerivedRates(workload); // merge re-reads what the shards already said
  const system = workloadSystem(flags, workload, inputs);
  const { variants, profile, ttlSeconds } = systemChoices(system, flags);
  const seed = parseSeed(flags.seed);
  const runs = parseRuns(flags.runs, '--runs', seed);
  checkTotalRuns(runs, variants.length, 'variants');
  const workers = parseWorkers(flags.workers);
  const world = [...systemArgumentsOf(flags, system.name), ...(profile ? ['--profile', profile] : []), ...(flags.ttl ? ['--ttl', flags.ttl] : [])];
  const line = shellCommand(['racesim', command, '--workload', flags.workload, '--fix', variants.join(','), '--runs', String(runs), '--seed', String(seed), ...world, ...extra]);
  const replayPrefix = shellCommand(['racesim', 'compare', '--workload', flags.workload, ...world]);
  return { workload, workloadText, system, variants, runs, seed, profile, ttlSeconds, workers, command: line, replayPrefix };
}

function addMeasureOptions(command: Command, defaults: { workload: string; fix: string; runs: string }): Command {
  return command
    .option('--workload <file>', 'workload YAML file', shippedDefault(defaults.workload))
    .option('--fix <variants>', 'comma-separated variants (racesim variants lists them)', defaults.fix)
    .option('--runs <n>', 'runs per variant (and per gap)', defaults.runs)
    .option('--seed <n>', 'seed of run 0; run i uses seed + i for every variant', '1')
    .addOption(systemOption("the workload's system:, else askproai"))
    .addOption(stackOption())
    .addOption(new Option('--profile <profile>', 'app version (default: the workload\'s, else seed)').choices([...profileNames]))
    .option('--ttl <ttls>', 'override TTLs in seconds, e.g. layer1=45,layer2=300')
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'no progress bar')
    .option('--workers <n>', 'worker threads (default: the number of cores); the result is identical for any n')
    .option('--shard <i/n>', 'run only the i-th of n parts of the seeds and write a partial result for racesim merge');
}

/** Registers `compare`, `sweep` and `merge`. */
export function registerMeasureCommands(program: Command): void {
  registerCompareCommand(program);
  registerSweepCommand(program);
  registerMergeCommand(program);
}

function registerCompareCommand(program: Command): void {
  addMeasureOptions(
    program.command('compare').description('Run every variant on the same seeds; print a summary and write a report (md, html, json, svg).'),
    { workload: 'scenarios/workloads/app-analysis.yaml', fix: 'off,on,none', runs: '100' },
  )
    .option('--out <path>', 'report folder (default reports/<workload>-<start date>/); with --shard, the partial result file')
    .option('--claims', 'also test the app\'s own claims (TTL 30..300 s) and commit 57b4aa6f6\'s (l2-60 → l2-30 on test-call-21s); several extra runs')
    .option('--example <kind>', `print the replay command of the lowest-seed run that shows <kind> (${EXAMPLE_KINDS.join(', ')}); writes no report unless --out is given`)
    .action(async (flags: CompareFlags) => {
      const options = measureOptions(flags, 'compare', flags.claims ? ['--claims'] : []);
      checkExampleKind(flags.example, options);
      if (flags.claims && options.system.stack) throw new InputError('--claims: the claims are AskProAI\'s and its commits\'; they do not apply to a stack file');
      const shard = parseShard(flags.shard);
      const progress = progressReporter(options.runs * options.variants.length, flags.quiet);
      const states = await compareStates({ ...options, onProgress: progress.update }, shard);
      progress.stop();
      if (shard) return writePartial(flags.out, { kind: 'compare', options: resultOptions(flags), inputs: inputsOf(options), shard, seeds: seedsByState(options, shard), states });
      const compare = compareResult(options, states);
      await finishCompare(options, compare, flags);
    });
}

function registerSweepCommand(program: Command): void {
  addMeasureOptions(
    program.command('sweep').description('The two-caller gap sweep: how often B hears a stale "available" and is rejected, per gap after A booked.'),
    { workload: 'scenarios/workloads/two-callers.yaml', fix: 'off,on', runs: '100' },
  )
    .option('--gaps <from:to:step>', 'gaps in seconds, inclusive', '0:600:10')
    .option('--out <file>', 'with --shard: where to write the partial result')
    .action(async (flags: MeasureFlags & { gaps: string; out?: string }) => {
      const gaps = parseGaps(flags.gaps);
      const options = { ...measureOptions(flags, 'sweep', [`--gaps ${flags.gaps}`]), gaps };
      checkTotalRuns(options.runs, options.variants.length * gaps.length, 'variants and gaps');
      const shard = parseShard(flags.shard);
      const progress = progressReporter(options.runs * options.variants.length * gaps.length, flags.quiet);
      const states = await sweepStates({ ...options, onProgress: progress.update }, shard);
      progress.stop();
      if (shard) return writePartial(flags.out, { kind: 'sweep', options: resultOptions(flags), inputs: inputsOf(options), shard, seeds: seedsByState(options, shard), states });
      printSweep(sweepResult(options, states), flags.json);
    });
}

function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('Combine the partial results of racesim compare, sweep or gate --shard i/n into exactly the unsharded result (and verdict).')
    .argument('<partials...>', 'files written by --shard runs (all n parts)')
    .option('--json', 'print the result as JSON')
    .option('--out <dir>', 'compare: report folder')
    .option('--summary <file>', 'gate: Markdown summary', 'reports/gate/summary.md')
    .option('--junit <file>', 'gate: JUnit XML', 'reports/gate/junit.xml')
    .action(async (files: string[], flags: { json?: boolean; out?: string; summary: string; junit: string }) => {
      const { kind, options, inputs, states } = mergePartials(files, expectedSeeds);
      if (kind === 'gate') {
        process.exitCode = reportMergedGate(options, inputs, states, flags);
        return;
      }
      const merged = { ...(options as unknown as MeasureFlags & { claims?: boolean; gaps?: string }), json: flags.json, out: flags.out, quiet: true };
      if (kind === 'compare') {
        const measure = measureOptions(merged, 'compare', merged.claims ? ['--claims'] : [], inputs);
        await finishCompare(measure, compareResult(measure, states), merged);
      } else {
        const measure = { ...measureOptions(merged, 'sweep', [`--gaps ${merged.gaps}`], inputs), gaps: parseGaps(String(merged.gaps)) };
        printSweep(sweepResult(measure, states), flags.json);
      }
    });
}

/** The seeds each state of a shard covers, by the (verified) options a partial carries. */
function expectedSeeds(kind: PartialKind, options: Record<string, unknown>, inputs: Record<string, string>, shard: Shard): Record<string, SeedRange> {
  if (kind === 'gate') return gateSeeds(options, inputs, shard);
  const flags = { ...(options as unknown as MeasureFlags & { gaps?: string }), workers: '1' };
  const measure = measureOptions(flags, kind, [], inputs);
  return seedsByState(kind === 'sweep' ? { ...measure, gaps: parseGaps(String(flags.gaps)) } : measure, shard);
}

/** Compare's states are keyed by variant, the sweep's by `variant@gap`: each over the same seeds. */
function seedsByState(options: Measure & { gaps?: readonly number[] }, shard: Shard): Record<string, SeedRange> {
  const keys = options.gaps ? options.variants.flatMap((v) => options.gaps!.map((g) => `${v}@${g}`)) : options.variants;
  return Object.fromEntries(keys.map((key) => [key, seedRangeOf(options.seed, options.runs, shard)]));
}

/** The text of every file a measurement read: its workload, and its stack file when it has one. */
const inputsOf = (options: Measure) => ({ [options.workload.file]: options.workloadText, ...(options.system.stack ? { [options.system.stack.file]: options.system.stack.text } : {}) });

/** The flags that decide a measurement's result (not how it was run), as a partial records them. */
function resultOptions(flags: MeasureFlags & { claims?: boolean; gaps?: string }): Record<string, unknown> {
  const { workload, fix, runs, seed, profile, ttl, claims, gaps, system, stack } = flags;
  return JSON.parse(JSON.stringify({ workload, fix, runs, seed, profile, ttl, claims, gaps, system, stack }));
}


type CompareFlags = MeasureFlags & { out?: string; claims?: boolean; example?: string };

/** --example: one of EXAMPLE_KINDS, with stale-cache/<layer> for the measured system's layers; else exit 2 with the list. */
function checkExampleKind(kind: string | undefined, options: Measure): void {
  if (kind === undefined) return;
  // stale-cache/<layer> names the layers of the system measured (a stack's own names too).
  const layers = systemOfRef(options.system).layers(worldOf(options.workload, options.ttlSeconds), options.variants[0]);
  const kinds = [...EXAMPLE_KINDS.filter((k) => !k.startsWith('stale-cache/')), ...layers.map((l) => `stale-cache/${l.name}`)];
  if (!kinds.includes(kind)) throw new InputError(`--example: unknown kind ${quote(kind)}; expected one of ${kinds.join(', ')}`);
}

/** The lowest-seed run that shows `kind` over all variants (a tie goes to the first variant given), or why none does. */
function exampleLine(compare: CompareResult, replayPrefix: string, kind: string): { text: string; found: boolean } {
  let first: { variant: string; example: ExampleRun } | undefined;
  for (const [variant, m] of Object.entries(compare.variants)) {
    const example = m.examples[kind];
    if (example && (!first || example.seed < first.example.seed)) first = { variant, example };
  }
  if (!first) return { text: `no run of ${Object.keys(compare.variants).join(', ')} showed ${kind} in ${compare.runs} runs from seed ${compare.seed}`, found: false };
  return { text: `${kind}: variant ${first.variant}, seed ${first.example.seed}, call ${first.example.call}\nreplay: ${replayCommand(replayPrefix, first.variant, first.example)}`, found: true };
}

/** Prints the lowest-seed run that shows `kind`; exit 1 when no run does. */
function printExample(compare: CompareResult, replayPrefix: string, kind: string): void {
  const { text, found } = exampleLine(compare, replayPrefix, kind);
  console.log(text);
  if (!found) process.exitCode = 1;
}

async function finishCompare(options: Measure, compare: CompareResult, flags: CompareFlags): Promise<void> {
  // --example asks one question: its answer is printed, and a report is written only when --out asks for one.
  if (flags.example && flags.out === undefined) return printExample(compare, options.replayPrefix, flags.example);
  const { workload } = options;
  const sweep = workload.pair ? await gapSweep({ ...options, gaps: parseGaps('0:600:20'), runs: Math.min(options.runs, 100) }) : undefined;
  const claims = flags.claims ? await checkAppClaims(options) : undefined;
  const commitClaims = flags.claims ? await checkCommitClaims(options) : undefined;
  const out = parseOutputPath(flags.out, '--out') ?? `reports/${workloadSlug(workload)}-${ymd(calendarFor(workload.timezone).toLocal(workload.startMs))}`;
  const timelines = exampleTimelines(options, compare, options.replayPrefix);
  const config = worldOf(workload, options.ttlSeconds);
  const plugin = systemOfRef(options.system);
  const variantDetails = Object.fromEntries(
    options.variants.map((variant) => [variant, { summary: plugin.variants.find((v) => v.name === variant)?.summary ?? '', layers: plugin.layers(config, variant) }]),
  );
  const files = await writeCompareReport(out, { compare, sweep, claims, commitClaims, variantDetails, replayPrefix: options.replayPrefix }, timelines);
  if (flags.json) console.log(JSON.stringify(compare, null, 2));
  else if (flags.example) {
    printExample(compare, options.replayPrefix, flags.example);
    console.log(`report: ${files.find((f) => f.endsWith('report.html'))}`);
  } else {
    console.log(renderCompare(compare, variantDetails[options.variants[0]].layers));
    console.log(`\nreport: ${files.find((f) => f.endsWith('report.html'))}\nreproduce: ${compare.command}`);
  }
}

function printSweep(sweep: SweepResult, json: boolean | undefined): void {
  console.log(json ? JSON.stringify(sweep, null, 2) : renderSweep(sweep));
}

/** The terminal's comparison table; `layers` (the system's, from the caller inward) name the stale-cache columns. */
export function renderCompare(compare: CompareResult, layers: readonly CacheLayer[]): string {
  const byLayer = [...layers].reverse(); // innermost first: askproai's L1/L2, as the column has always read
  const cell = (m: VariantMeasurement, measure: RateMeasure) => {
    const counted = measure.of(m);
    return [`${counted.events}/${counted.trials} ${rate(counted.rate)}`, expectedText(counted, compare.runs, compare.busyDay, true)].filter(Boolean).join(' ');
  };
  const rows = Object.entries(compare.variants).map(([name, m]) => [
    name,
    String(m.calls),
    `${m.errorAnswers} (${percent(m.errorRate.value)})`,
    cell(m, rateMeasures.staleAvailable),
    cell(m, rateMeasures.staleDirect),
    cell(m, rateMeasures.staleAlternatives),
    cell(m, rateMeasures.rejected),
    [m.attribution.toctou, ...byLayer.map((l) => m.attribution.staleCache[l.name] ?? 0), m.attribution.upstreamLag, m.attribution.noCheck, m.attribution.wrongSlot].join('/'),
    `${cell(m, rateMeasures.falseUnavailable)} (${m.falseUnavailableWrongSlot} wrong-slot)`,
    m.calcomRequestsPerCall.toFixed(3),
    m.keysForgottenPerBooking.toFixed(1),
    `${(m.stalenessWindowMs.p90 / 1000).toFixed(1)} s`,
  ]);
  const perWeek = compare.busyDay ? `; ≈/week: expected at the workload's arrival rate, ${Number(compare.busyDay.hoursPerDay.toPrecision(3))} busy h a day, ${compare.busyDay.daysPerWeek} days a week` : '';
  return [
    `${compare.workload}  profile=${compare.profile} runs=${compare.runs} seed=${compare.seed}  (rates with 95 % Wilson intervals${perWeek})`,
    '',
    renderTable(['variant', 'calls', 'errors', 'stale "available"', 'stale direct', 'stale alternatives', 'rejected bookings', ['toctou', ...byLayer.map((l) => shortTitle(l)), 'lag', 'no-check', 'wrong-slot'].join('/'), 'false "unavailable"', 'Cal.com req/call', 'keys/booking', 'staleness p90'], rows),
    '',
    ...headline(compare),
  ].join('\n');
}

/** `Layer 1` → `L1`; a stack's own layer names stay as they are. */
const shortTitle = (layer: CacheLayer) => layer.title.replace(/^Layer (\d+)$/, 'L$1');

function renderSweep(sweep: SweepResult): string {
  const variants = Object.keys(sweep.variants);
  const gaps = sweep.variants[variants[0]]?.map((p) => p.gapSeconds) ?? [];
  const rows = gaps.map((gap, i) => [
    String(gap),
    ...variants.flatMap((v) => {
      const p = sweep.variants[v][i];
      return [percent(p.staleAvailable.value), percent(p.staleSplit.direct.value), percent(p.staleSplit.alternatives.value), percent(p.conflict.value)];
    }),
  ]);
  return [
    `${sweep.workload}  profile=${sweep.profile} runs=${sweep.runs} per gap, seed=${sweep.seed}`,
    '',
    renderTable(['gap s', ...variants.flatMap((v) => [`${v}: stale`, `${v}: direct`, `${v}: alternatives`, `${v}: rejected`])], rows),
    '',
    `reproduce: ${sweep.command}`,
  ].join('\n');
}
