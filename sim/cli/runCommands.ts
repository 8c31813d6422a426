import { Option, type Command } from 'commander';
import { clip, InputError, quote, readInputFile } from '../inputError.ts';
import type { TimelineRun } from '../reports/timeline.ts';
import { writeFileAtomic, writeFilesTogether, type OutputFile } from '../reports/writeAtomic.ts';
import type { RunReport } from '../metrics/runReport.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { traceHash } from '../core/trace.ts';
import { parseScenario } from '../scenario/loadScenario.ts';
import { runScenarioAsync } from '../scenario/runScenario.ts';
import { storeKinds, type StoreKind } from '../stores/cacheStore.ts';
import { defaultSystem, profileNames, systemCatalog, systemFor, systemOfRef, systems, variantNames } from '../systems/registry.ts';
import type { NamedChoice, SystemPlugin } from '../systems/systemPlugin.ts';
import { namesSystem, parseOutputPath, parseProfile, parseSeed, parseStore, parseSystemVariantList, parseVariantList, parseVariantOf, refuseProfile, stackOption, systemArgumentsOf, systemOfFlags, systemOption } from './options.ts';
import { renderRun } from './runView.ts';
import { shellCommand } from '../escape/shell.ts';
import { SAVED_RUN_FORMAT, readSavedRun, type SavedRun } from './savedRun.ts';

export interface RunFlags {
  readonly fix: string;
  readonly profile?: string;
  readonly seed: string;
  readonly store: string;
  readonly json?: boolean;
  readonly events?: boolean;
  readonly save?: string;
  readonly html?: string;
  readonly exportTimeline?: string;
  readonly allowImpossible?: boolean;
  readonly writeExpect?: boolean;
  readonly system?: string;
  readonly stack?: string;
}

/** The system a run uses: `--system`/`--stack` (a stack file alone means the stack system), else the scenario's, else askproai. */
export function systemOfRun(scenario: Scenario, flags: Pick<RunFlags, 'system' | 'stack'>): SystemPlugin {
  return systemOfFlags(flags) ?? (scenario.system ? systemFor(scenario.system, scenario.stackFile) : defaultSystem);
}

/** `racesim run`: replays a scenario's timeline; exit 1 when an expectation of that variant fails. */
export async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const scenarioText = readInputFile(file, 'scenario file');
  const scenario = parseScenario(scenarioText, file, { allowImpossible: flags.allowImpossible });
  const save = parseOutputPath(flags.save, '--save');
  const savedStack = save ? stackToSave(scenario, flags) : undefined;
  // A saved stack run runs on the text it saves, so its replay has exactly what this run had.
  const system = savedStack ? systemOfRef({ name: 'stack', stack: savedStack }) : systemOfRun(scenario, flags);
  const onDefault = system === defaultSystem;
  if (!onDefault) refuseOnOtherSystem(system, flags);
  const fixes = onDefault ? parseVariantList(flags.fix) : parseSystemVariantList(flags.fix, system);
  const html = parseOutputPath(flags.html, '--html');
  const exportTimeline = parseOutputPath(flags.exportTimeline, '--export-timeline');
  if (flags.writeExpect && (save || html || exportTimeline)) throw new InputError('--write-expect: writes the scenario file alone; run again for --save, --html or --export-timeline');
  if (fixes.length > 1 && !html && !flags.writeExpect) throw new InputError(`--fix: several variants (${quote(flags.fix)}) only go with --html, which draws them side by side`);
  if (fixes.length > 1 && save) throw new InputError('--save: one run at a time; give a single --fix');
  if (fixes.length > 1 && exportTimeline) throw new InputError('--export-timeline: one run at a time; give a single --fix');
  const profile = parseProfile(flags.profile);
  const seed = parseSeed(flags.seed);
  const store = parseStore(flags.store);
  const runs = [];
  for (const fix of fixes) runs.push(await runScenarioAsync(scenario, { fix, profile, seed, store, ...(onDefault ? {} : { system }) }));
  if (flags.writeExpect) return await writeObservedExpectations(file, scenarioText, scenario, runs.map((r) => r.report));
  // --save and --html describe one run: written together, so they never come from different runs.
  const outputs: OutputFile[] = [];
  if (save) {
    const { report, trace } = runs[0];
    const saved: SavedRun = { format: SAVED_RUN_FORMAT, scenarioFile: file, scenarioText, ...(savedStack ? { stack: savedStack } : {}), profile: report.profile, fix: fixes[0], seed, store, traceHash: report.traceHash, trace };
    outputs.push({ path: save, content: JSON.stringify(saved, null, 2) + '\n' });
  }
  if (html) outputs.push({ path: html, content: await timelineHtml(runs.map((run) => ({ scenario, run, system }))) });
  if (exportTimeline) outputs.push({ path: exportTimeline, content: (await import('../import/timelineJsonl.ts')).timelineOfRun(scenario, runs[0].outcome.records) });
  writeFilesTogether(outputs);
  const reports = runs.map((r) => r.report);
  if (flags.json) {
    const documents = runs.map((r) => (flags.events ? { ...r.report, events: r.events } : r.report));
    console.log(JSON.stringify(documents.length === 1 ? documents[0] : documents, null, 2));
  }
  else console.log(reports.map((r) => renderRun(r, shellCommand([...replayArguments(file, r.fix, seed, flags.profile, store), ...systemArgumentsOf(flags, system.name)]))).join('\n\n'));
  if (html && !flags.json) console.log(`\ntimeline: ${html}`);
  return reports.some((r) => r.expectations.failed > 0) ? 1 : 0;
}

/**
 * `run --write-expect`: each variant's observed outcomes become its `expect:` entries, so the scenario
 * replays as a regression test. The file is rewritten atomically; other variants, comments and layout stay.
 */
async function writeObservedExpectations(file: string, text: string, scenario: Scenario, reports: readonly RunReport[]): Promise<number> {
  const { observedExpectations, withExpectations } = await import('../scenario/writeExpect.ts');
  const byVariant = Object.fromEntries(reports.map((report) => [report.fix, observedExpectations(report, scenario.expect[report.fix])]));
  const updated = withExpectations(text, byVariant);
  parseScenario(updated, file, { allowImpossible: true }); // what is written must load again: a check on the writer, not on the user
  writeFileAtomic(file, updated, { replacesInput: true });
  for (const [fix, expectations] of Object.entries(byVariant)) console.log(`${file}: expect "${fix}": ${expectations.length} expectations written from this run`);
  return 0;
}

/** The stack file a saved run carries (path and text), when the run is on a stack; undefined on askproai. */
function stackToSave(scenario: Scenario, flags: RunFlags): SavedRun['stack'] {
  const file = namesSystem(flags) ? flags.stack : scenario.stackFile;
  return file === undefined ? undefined : { file, text: readInputFile(file, 'stack file') };
}

/**
 * A system other than askproai (a cache stack) has its own variants and no profiles, and expectations are
 * written back only into a file that names its stack itself (else they would name the stack's variants
 * in a file that runs askproai).
 */
function refuseOnOtherSystem(system: SystemPlugin, flags: RunFlags): void {
  refuseProfile(system, flags.profile);
  if (flags.writeExpect && namesSystem(flags)) {
    throw new InputError(`--write-expect: the scenario must name its stack itself (stack: path/to/stack.yaml), so that its expect: entries mean the stack's variants`);
  }
}

/**
 * `racesim replay`: re-runs a saved run. Exit 0 only when the saved trace matches its own hash, the new
 * run's trace equals it, and the run's expectations hold; otherwise exit 1 naming what differs.
 */
export async function replayCommand(file: string, flags: { json?: boolean; html?: string; allowImpossible?: boolean }): Promise<number> {
  const html = parseOutputPath(flags.html, '--html');
  const saved = readSavedRun(file);
  const system = saved.stack ? systemOfRef({ name: 'stack', stack: saved.stack }) : undefined;
  const fix = parseVariantOf(system, saved.fix, `${clip(file)}: fix`);
  const profile = system ? undefined : parseProfile(saved.profile, `${clip(file)}: profile`);
  const store = parseStore(saved.store ?? 'memory', `${clip(file)}: store`);
  const scenario = parseScenario(saved.scenarioText, `${clip(file)} (scenarioText, saved from ${clip(saved.scenarioFile)})`, { allowImpossible: flags.allowImpossible, system });
  const run = await runScenarioAsync(scenario, { fix, profile, seed: saved.seed, store, system });
  const { report, trace } = run;
  const problems = replayProblems(saved, trace, report.traceHash, report.expectations.failed);
  if (html) writeFileAtomic(html, await timelineHtml([{ scenario, run, system }]));
  if (flags.json) {
    console.log(JSON.stringify({ replayed: file, identical: problems.length === 0, problems, savedTraceHash: saved.traceHash, run: report }, null, 2));
  } else {
    console.log(renderRun(report, shellCommand(['racesim', 'replay', file])));
    if (problems.length === 0) console.log(`\nreplay identical: traceHash ${report.traceHash} equals the saved one`);
    else console.log(`\nreplay DIFFERS:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return problems.length ? 1 : 0;
}

/** What keeps a replay from confirming its saved run: each a line naming what differs. */
function replayProblems(saved: SavedRun, trace: readonly string[], hashNow: string, failedExpectations: number): string[] {
  const problems: string[] = [];
  const savedTrace = saved.trace ?? [];
  const savedTraceHash = traceHash(savedTrace);
  if (savedTraceHash !== saved.traceHash) {
    problems.push(`the saved trace (${savedTrace.length} lines) does not match the saved traceHash ${saved.traceHash}: it hashes to ${savedTraceHash}; the file was edited or cut`);
  }
  if (hashNow !== saved.traceHash) problems.push(`the run now has traceHash ${hashNow}, the saved one is ${saved.traceHash}`);
  if (hashNow !== savedTraceHash) {
    const at = firstDifference(savedTrace, trace);
    problems.push(`first difference at trace line ${at + 1}: saved ${quote(savedTrace[at] ?? '(end)')}, now ${quote(trace[at] ?? '(end)')}`);
  }
  if (failedExpectations > 0) problems.push(`${failedExpectations} expectation(s) of the saved scenario fail under --fix ${saved.fix}`);
  return problems;
}

function firstDifference(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The arguments of the `racesim run` line that replays one run (for shellCommand). */
function replayArguments(file: string, fix: string, seed: number, profile: string | undefined, store: StoreKind): string[] {
  return ['racesim', 'run', file, '--fix', fix, '--seed', String(seed), ...(profile ? ['--profile', profile] : []), ...(store !== 'memory' ? ['--store', store] : [])];
}

export const ALLOW_IMPOSSIBLE = '--allow-impossible';
export const ALLOW_IMPOSSIBLE_HELP = 'accept slots that cannot happen (outside business hours, off the slot grid, already begun), as allowImpossible: true in the file does';

/** Registers `run`, `replay`. */
export function registerRunCommands(program: Command): void {
  program
    .command('run')
    .description('Replay a scenario timeline: what each caller was told, the truth at that instant, and why (or, with --workload and --seed, one run of a workload).')
    .argument('[scenario]', 'scenario YAML file, e.g. scenarios/test-case-2-parallel-users.yaml')
    .option('--workload <file>', 'instead of a scenario: the run of this workload with --seed, as compare and the gate ran it')
    .option('--property <name>', 'with --workload: check the run with this property (the names explore --property takes); exit 1 when broken')
    .option('--fix <variant>', `cache invalidation variant (${variantNames.join(', ')}; a stack file's own with --system stack); a comma list with --html draws them side by side`, 'on')
    .addOption(systemOption("the scenario's system:, else askproai"))
    .addOption(stackOption())
    .addOption(new Option('--profile <profile>', 'app version to model (default: the scenario\'s, else seed)').choices([...profileNames]))
    .option('--seed <n>', 'seed of every random stream', '1')
    .addOption(new Option('--store <kind>', 'cache store implementation').choices([...storeKinds]).default('memory'))
    .option('--json', 'print one JSON document instead of the timeline table')
    .option('--events', 'with --json: include the typed, causal history (cache entries, fills with their sources, clears with their causes)')
    .option('--save <file>', 'write the run (inputs, seed, variant, trace) for racesim replay')
    .option('--html <file>', 'write the run as a swimlane timeline (self-contained HTML)')
    .option('--export-timeline <file>', 'write the run as a racesim timeline (JSON Lines) for racesim import --events')
    .option(ALLOW_IMPOSSIBLE, ALLOW_IMPOSSIBLE_HELP)
    .option('--write-expect', 'write what each --fix variant observed (every field of every step) into the scenario\'s expect: block, replacing only those variants\' entries')
    .action(async (file: string | undefined, flags) => {
      process.exitCode = await runScenarioOrWorkload(file, flags);
    });

  program
    .command('replay')
    .description('Re-run a saved run; exit 0 only when its saved trace matches its hash, the new trace equals it and its expectations hold.')
    .argument('<saved-run>', 'file written by racesim run --save')
    .option('--json', 'print JSON')
    .option('--html <file>', 'write the replayed run as a swimlane timeline')
    .option(ALLOW_IMPOSSIBLE, ALLOW_IMPOSSIBLE_HELP)
    .action(async (file, flags) => {
      process.exitCode = await replayCommand(file, flags);
    });

}

/** `[commit date]` of a variant's source commit, with its branch when it never reached main. */
function originText(origin: NamedChoice['origin']): string {
  if (!origin) return '';
  return `[${origin.commit} ${origin.date}${origin.branch ? `, branch ${origin.branch} only` : ''}] `;
}

/** Registers `variants` (what each profile and variant name means) and `systems` (the systems under test). */
export function registerVariantsCommand(program: Command): void {
  program
    .command('variants')
    .description('List the profiles and invalidation variants racesim models.')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const { profiles, variants } = defaultSystem;
      if (flags.json) return console.log(JSON.stringify({ system: defaultSystem.name, profiles, variants }, null, 2));
      console.log('profiles (--profile):');
      for (const p of profiles) console.log(`  ${p.name.padEnd(18)} ${p.summary}`);
      console.log('\nvariants (--fix):');
      for (const v of variants) {
        console.log(`  ${v.name.padEnd(18)} ${originText(v.origin)}${v.summary}`);
        if (v.choices) console.log(`  ${''.padEnd(18)} ${Object.entries(v.choices).map(([axis, choice]) => `${axis}=${choice}`).join(' ')}`);
      }
    });
  program
    .command('systems')
    .description('List the systems under test racesim can run, with their cache layers.')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const list = systemCatalog.map(({ name, summary }) => {
        const plugin = systems[name];
        // A stack's variants live in its stack file; there is no list to show without one.
        return plugin ? { name, summary, profiles: plugin.profiles.map((p) => p.name), variants: plugin.variants.map((v) => v.name) } : { name, summary, profiles: [], variants: [] };
      });
      if (flags.json) return console.log(JSON.stringify(list, null, 2));
      for (const system of list) {
        const choices = system.variants.length ? `profiles: ${system.profiles.join(', ')}\n           variants: ${system.variants.join(', ')}` : 'variants: the stack file\'s own (racesim run … --system stack --stack FILE)';
        console.log(`${system.name.padEnd(10)} ${system.summary}\n           ${choices}`);
      }
    });
}

/** `run FILE` replays a scenario; `run --workload W --seed S` one run of a workload (its module loads only then). */
async function runScenarioOrWorkload(file: string | undefined, flags: RunFlags & { workload?: string; property?: string }): Promise<number> {
  if (flags.workload === undefined) {
    if (file === undefined) throw new InputError("missing required argument 'scenario' (or --workload FILE --seed N for one run of a workload)");
    if (flags.property !== undefined) throw new InputError('--property: goes with --workload; a scenario states the properties it checks in its expect: block');
    return runCommand(file, flags);
  }
  if (file !== undefined) throw new InputError(`run: a scenario file (${quote(file)}) or --workload, not both`);
  return (await import('./workloadRun.ts')).workloadRunCommand({ ...flags, workload: flags.workload });
}

/** The timeline page; its modules load only when a run asks for --html. */
async function timelineHtml(runs: readonly TimelineRun[]): Promise<string> {
  return (await import('../reports/timeline.ts')).renderTimelineHtml(runs);
}
