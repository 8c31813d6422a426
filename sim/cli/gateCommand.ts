import type { Command } from 'commander';
import { gateCheckState, limitLine, gateJunit, gateMarkdown, judgeGateCheck, type CheckResult } from '../gate/gate.ts';
import type { AccumulatorState } from '../metrics/accumulator.ts';
import { parseShard, seedRangeOf, writePartial, type SeedRange } from './partials.ts';
import { progressReporter } from './progress.ts';
import { parseOutputPath, parseVariantOf, parseWorkers } from './options.ts';
import { systemOfRef } from '../systems/registry.ts';
import { parseGateConfig, type GateCheck } from '../gate/gateConfig.ts';
import { appendToFile, writeFilesTogether } from '../reports/writeAtomic.ts';
import { clip, InputError, quote, readInputFile } from '../inputError.ts';
import type { Shard } from '../workloads/measureOptions.ts';
import { noteDerivedRates, parseWorkload } from '../workloads/workload.ts';

/** Registers `gate`: the CI regression gate. Exit 0 every check holds, 1 one fails, 2 bad config. */
export function registerGateCommand(program: Command): void {
  program
    .command('gate')
    .description('CI regression gate: run each configured check and hold its rates to their limits (exit 1 when one fails).')
    .addHelpText(
      'after',
      '\nA rate limit (maxConflictRate, maxStaleAvailableRate) holds the upper end of the rate\'s 95 % Wilson interval;\n' +
        'maxConflictRateUpper and maxStaleAvailableRateUpper are the same limits under their older names. A check whose\n' +
        'sample is too small to show its limit fails and says how many runs would show it.\n' +
        'maxViolatingRunRate: { property: no-stale-available, limit: 0.01 } (or a list) checks every run with a property\n' +
        '(the names explore --property takes) and holds the share of runs it finds broken to the limit the same way; it names\n' +
        'the lowest 5 seeds that broke it and a racesim run --workload … --seed S --property P line that replays one.',
    )
    .option('--config <file>', 'gate config', 'racesim.gate.yaml')
    .option('--fix <variant>', "run every check under this variant instead of the config's (askproai's, or a stack check's own stack's)")
    .option('--summary <file>', 'Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)', 'reports/gate/summary.md')
    .option('--junit <file>', 'JUnit XML', 'reports/gate/junit.xml')
    .option('--workers <n>', 'worker threads (default: the number of cores); results are identical for any n')
    .option('--shard <i/n>', 'run only the i-th of n parts of every check\'s seeds and write a partial result for racesim merge')
    .option('--out <file>', 'with --shard: where to write the partial result')
    .option('--quiet', 'no progress bar')
    .option('--json', 'print the verdict of every check as JSON')
    .action(async (flags: GateFlags) => {
      const configText = readInputFile(flags.config, 'gate config');
      const checks = withFix(parseGateConfig(configText, flags.config), flags.fix);
      const workers = parseWorkers(flags.workers);
      const shard = parseShard(flags.shard);
      const progress = progressReporter(checks.reduce((n, c) => n + c.runs, 0), flags.quiet);
      // Runs are counted across checks, so one bar covers the whole gate.
      let before = { runs: 0, calls: 0 };
      const states: Record<string, AccumulatorState> = {};
      const seconds: Record<string, number> = {};
      const inputs: Record<string, string> = { [flags.config]: configText };
      for (const check of checks) {
        const offset = before;
        if (!(check.workload in inputs)) {
          inputs[check.workload] = readInputFile(check.workload, 'workload file');
          noteDerivedRates(parseWorkload(inputs[check.workload], check.workload));
        }
        if (check.system.stack) inputs[check.system.stack.file] = check.system.stack.text; // merge never re-reads it
        const started = performance.now(); // wall-clock-ok: the check's wall time for JUnit, outside the simulation and out of the merged byte-identity
        states[check.name] = await gateCheckState(check, workers, shard, (done) => {
          before = { runs: offset.runs + done.runs, calls: offset.calls + done.calls };
          progress.update(before);
        });
        seconds[check.name] = (performance.now() - started) / 1000; // wall-clock-ok: as above
      }
      progress.stop();
      if (shard) return writePartial(flags.out, { kind: 'gate', options: { config: flags.config, ...(flags.fix === undefined ? {} : { fix: flags.fix }) }, inputs, shard, seeds: seedsOfChecks(checks, shard), states });
      process.exitCode = reportGate(
        checks.map((check) => ({ ...judgeGateCheck(check, states[check.name], flags.config), seconds: seconds[check.name] })),
        flags,
      );
    });
}

interface GateFlags {
  readonly config: string;
  readonly fix?: string;
  readonly summary: string;
  readonly junit: string;
  readonly workers?: string;
  readonly shard?: string;
  readonly out?: string;
  readonly quiet?: boolean;
  readonly json?: boolean;
}

const seedsOfChecks = (checks: readonly GateCheck[], shard: Shard): Record<string, SeedRange> =>
  Object.fromEntries(checks.map((check) => [check.name, seedRangeOf(check.seed, check.runs, shard)]));

/** The checks a gate partial ran: parsed from the config text it carries (merge never re-reads the config, which may have changed). */
function checksOfPartial(options: Record<string, unknown>, inputs: Record<string, string>): { config: string; checks: GateCheck[] } {
  const config = String(options.config);
  const text = inputs[config];
  if (typeof text !== 'string') throw new InputError(`merge: the partials hold no text of the gate config ${quote(config)}`);
  const read = (path: string, what: string) => {
    if (typeof inputs[path] !== 'string') throw new InputError(`merge: the partials hold no text of the ${what} ${quote(path)}`);
    return inputs[path];
  };
  const fix = options.fix === undefined ? undefined : String(options.fix);
  return { config, checks: withFix(parseGateConfig(text, `${config} (as the shards read it)`, read), fix) };
}

/**
 * `gate --fix V`: every check runs V instead of its own variant (a variant of the check's system: askproai's,
 * compositions included, or the stack file's own), so one config gates another design; names, runs and limits stay.
 */
function withFix(checks: readonly GateCheck[], fix: string | undefined): GateCheck[] {
  if (fix === undefined) return [...checks];
  return checks.map((check) => {
    const system = systemOfRef(check.system);
    if (check.system.stack && !system.variants.some((v) => v.name === fix)) {
      throw new InputError(`--fix: check ${quote(check.name)} runs the stack ${quote(check.system.stack.file)}, which has no variant ${quote(fix)}; expected one of ${system.variants.map((v) => v.name).join(', ')}`);
    }
    return { ...check, fix: parseVariantOf(system, fix) };
  });
}

/** The seeds each check's state in a gate partial covers. */
export function gateSeeds(options: Record<string, unknown>, inputs: Record<string, string>, shard: Shard): Record<string, SeedRange> {
  return seedsOfChecks(checksOfPartial(options, inputs).checks, shard);
}

/** `racesim merge` of gate partials: the verdict of the checks the shards ran. */
export function reportMergedGate(options: Record<string, unknown>, inputs: Record<string, string>, states: Record<string, AccumulatorState>, files: { summary: string; junit: string; json?: boolean }): number {
  const { config, checks } = checksOfPartial(options, inputs);
  return reportGate(checks.map((check) => judgeGateCheck(check, states[check.name], config)), files);
}

/** Prints each limit, writes the Markdown summary and JUnit XML; returns the exit code (1 when a check failed). */
export function reportGate(results: readonly CheckResult[], files: { summary: string; junit: string; json?: boolean }): number {
  const failed = results.filter((r) => !r.passed).length;
  writeGateFiles(results, files);
  if (files.json) {
    const checks = results.map(({ check, limits, passed, replay }) => ({ name: check.name, fix: check.fix, runs: check.runs, seed: check.seed, passed, limits, replay }));
    console.log(JSON.stringify({ passed: failed === 0, checks, summary: files.summary, junit: files.junit }, null, 2));
    return failed ? 1 : 0;
  }
  for (const result of results) {
    for (const l of result.limits) console.log(limitLine(result.check.name, l));
    if (!result.passed) console.log(`     replay: ${result.replay}`);
    for (const l of result.limits) if (!l.holds && l.replayRun) console.log(`     replay seed ${l.violatingSeeds![0]}: ${l.replayRun}`);
  }
  console.log(`\ngate: ${results.length - failed} of ${results.length} checks hold; summary ${files.summary}, JUnit ${files.junit}`);
  return failed ? 1 : 0;
}

function writeGateFiles(results: readonly CheckResult[], files: { summary: string; junit: string }): void {
  const summary = gateMarkdown(results);
  const summaryPath = parseOutputPath(files.summary, '--summary')!;
  const junitPath = parseOutputPath(files.junit, '--junit')!;
  writeFilesTogether([
    { path: summaryPath, content: summary },
    { path: junitPath, content: gateJunit(results) },
  ]);
  const stepSummary = process.env.GITHUB_STEP_SUMMARY;
  const problem = stepSummary ? appendToFile(stepSummary, summary) : undefined;
  // The verdict must survive a summary that cannot be written: a warning, and the exit code stays the verdict's.
  if (problem) console.error(`racesim: warning: $GITHUB_STEP_SUMMARY ${clip(stepSummary!)}: ${problem}; the summary is in ${clip(summaryPath)} only`);
}
