import { Option, type Command } from 'commander';
import { InputError } from '../inputError.ts';
import type { CompareResult, SweepResult } from '../metrics/measurement.ts';
import { percent, rate, writeCompareReport } from '../reports/compareReport.ts';
import { profileNames, type VariantName } from '../systems/askproai/catalog.ts';
import { checkAppClaims } from '../workloads/appClaims.ts';
import { gapSweep, parseGaps } from '../workloads/gapSweep.ts';
import { compareVariants, type MeasureOptions } from '../workloads/monteCarlo.ts';
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
}

/** The options every measuring command shares, and the exact command line that reproduces its result. */
function measureOptions(flags: MeasureFlags, command: string, extra: string[] = []): MeasureOptions & { workload: Workload; variants: VariantName[] } {
  const workload = loadWorkloadFile(flags.workload);
  const variants = parseVariantList(flags.fix);
  const runs = parseRuns(flags.runs);
  const seed = parseSeed(flags.seed);
  const profile = parseProfile(flags.profile);
  const ttlSeconds = parseTtl(flags.ttl);
  const line = [
    `racesim ${command} --workload ${flags.workload} --fix ${variants.join(',')} --runs ${runs} --seed ${seed}`,
    profile ? `--profile ${profile}` : '',
    flags.ttl ? `--ttl ${flags.ttl}` : '',
    ...extra,
  ];
  return { workload, variants, runs, seed, profile, ttlSeconds, command: line.filter(Boolean).join(' ') };
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
    .option('--quiet', 'no progress bar');
}

/** Registers `compare` and `sweep`. */
export function registerMeasureCommands(program: Command): void {
  addMeasureOptions(
    program.command('compare').description('Run every variant on the same seeds; print a summary and write a report (md, html, json, svg).'),
    { workload: 'scenarios/workloads/app-analysis.yaml', fix: 'off,on,none', runs: '100' },
  )
    .option('--out <dir>', 'report folder (default reports/<workload>-<start date>/)')
    .option('--claims', 'also test the app\'s own claims (TTL 30..300 s; several extra runs)')
    .action(async (flags: MeasureFlags & { out?: string; claims?: boolean }) => {
      const options = measureOptions(flags, 'compare', flags.claims ? ['--claims'] : []);
      const { workload } = options;
      const progress = progressReporter(options.runs * options.variants.length, flags.quiet);
      const compare = compareVariants({ ...options, onProgress: progress.update });
      const sweep = workload.pair
        ? gapSweep({ ...options, gaps: parseGaps('0:600:20')!, runs: Math.min(options.runs, 100), onProgress: progress.update })
        : undefined;
      const claims = flags.claims ? checkAppClaims({ ...options, onProgress: progress.update }) : undefined;
      progress.stop();
      const out = flags.out ?? `reports/${workloadSlug(workload)}-${ymd(new ZonedCalendar(workload.timezone).toLocal(workload.startMs))}`;
      const files = await writeCompareReport(out, { compare, sweep, claims });
      if (flags.json) console.log(JSON.stringify(compare, null, 2));
      else {
        console.log(renderCompare(compare));
        console.log(`\nreport: ${files.find((f) => f.endsWith('report.html'))}\nreproduce: ${compare.command}`);
      }
    });

  addMeasureOptions(
    program.command('sweep').description('The two-caller gap sweep: how often B hears a stale "available" and is rejected, per gap after A booked.'),
    { workload: 'scenarios/workloads/two-callers.yaml', fix: 'off,on', runs: '100' },
  )
    .option('--gaps <from:to:step>', 'gaps in seconds, inclusive', '0:600:10')
    .action((flags: MeasureFlags & { gaps: string }) => {
      const gaps = parseGaps(flags.gaps);
      if (!gaps) throw new InputError(`--gaps: expected from:to:step in seconds (e.g. 0:600:10), got "${flags.gaps}"`);
      const options = measureOptions(flags, 'sweep', [`--gaps ${flags.gaps}`]);
      const progress = progressReporter(options.runs * options.variants.length * gaps.length, flags.quiet);
      const sweep = gapSweep({ ...options, gaps, onProgress: progress.update });
      progress.stop();
      console.log(flags.json ? JSON.stringify({ variants: sweep.variants, workload: sweep.workload, profile: sweep.profile, runs: sweep.runs, seed: sweep.seed, command: sweep.command }, null, 2) : renderSweep(sweep));
    });
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
