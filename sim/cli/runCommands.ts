import { Option, type Command } from 'commander';
import { InputError, readInputFile } from '../inputError.ts';
import { writeTimelineHtml } from '../reports/timeline.ts';
import { writeFileAtomic } from '../reports/writeAtomic.ts';
import { parseScenario } from '../scenario/loadScenario.ts';
import { runScenarioAsync } from '../scenario/runScenario.ts';
import { storeKinds, type StoreKind } from '../stores/cacheStore.ts';
import { profileNames, variantNames } from '../systems/askproai/catalog.ts';
import { profiles } from '../systems/askproai/profiles.ts';
import { variants, type FixVariant } from '../systems/askproai/variants.ts';
import { parseProfile, parseSeed, parseStore, parseVariant, parseVariantList } from './options.ts';
import { renderRun } from './runView.ts';
import { SAVED_RUN_FORMAT, readSavedRun, type SavedRun } from './savedRun.ts';

export interface RunFlags {
  readonly fix: string;
  readonly profile?: string;
  readonly seed: string;
  readonly store: string;
  readonly json?: boolean;
  readonly save?: string;
  readonly html?: string;
}

/** `racesim run`: replays a scenario's timeline; exit 1 when an expectation of that variant fails. */
export async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const fixes = parseVariantList(flags.fix);
  if (fixes.length > 1 && !flags.html) throw new InputError(`--fix: several variants (${flags.fix}) only go with --html, which draws them side by side`);
  if (fixes.length > 1 && flags.save) throw new InputError('--save: one run at a time; give a single --fix');
  const profile = parseProfile(flags.profile);
  const seed = parseSeed(flags.seed);
  const store = parseStore(flags.store);
  const scenarioText = readInputFile(file, 'scenario file');
  const scenario = parseScenario(scenarioText, file);
  const runs = [];
  for (const fix of fixes) runs.push(await runScenarioAsync(scenario, { fix, profile, seed, store }));
  if (flags.save) {
    const { report, trace } = runs[0];
    const saved: SavedRun = {
      format: SAVED_RUN_FORMAT,
      scenarioFile: file,
      scenarioText,
      profile: report.profile as SavedRun['profile'],
      fix: fixes[0],
      seed,
      store,
      traceHash: report.traceHash,
      trace,
    };
    writeFileAtomic(flags.save, JSON.stringify(saved, null, 2) + '\n');
  }
  if (flags.html) writeTimelineHtml(flags.html, runs.map((run) => ({ scenario, run })));
  const reports = runs.map((r) => r.report);
  if (flags.json) console.log(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
  else console.log(reports.map((r) => renderRun(r, replayLine(file, r.fix, seed, flags.profile, store))).join('\n\n'));
  if (flags.html && !flags.json) console.log(`\ntimeline: ${flags.html}`);
  return reports.some((r) => r.expectations.failed > 0) ? 1 : 0;
}

/** `racesim replay`: re-runs a saved run; exit 0 only when the new trace hash equals the saved one. */
export async function replayCommand(file: string, flags: { json?: boolean; html?: string }): Promise<number> {
  const saved = readSavedRun(file);
  const fix = parseVariant(saved.fix, `${file}: fix`);
  const profile = parseProfile(saved.profile, `${file}: profile`);
  const store = parseStore(saved.store ?? 'memory', `${file}: store`);
  const scenario = parseScenario(saved.scenarioText, saved.scenarioFile);
  const run = await runScenarioAsync(scenario, { fix, profile, seed: saved.seed, store });
  const { report, trace } = run;
  const same = report.traceHash === saved.traceHash;
  if (flags.html) writeTimelineHtml(flags.html, [{ scenario, run }]);
  if (flags.json) {
    console.log(JSON.stringify({ replayed: file, identical: same, savedTraceHash: saved.traceHash, run: report }, null, 2));
  } else {
    console.log(renderRun(report, `racesim replay ${file}`));
    if (same) console.log(`\nreplay identical: traceHash ${report.traceHash} equals the saved one`);
    else {
      const at = firstDifference(saved.trace, trace);
      console.log(`\nreplay DIFFERS: saved ${saved.traceHash}, now ${report.traceHash}`);
      console.log(`first difference at trace line ${at + 1}:\n  saved: ${saved.trace[at] ?? '(end)'}\n  now:   ${trace[at] ?? '(end)'}`);
    }
  }
  return same ? 0 : 1;
}

function firstDifference(a: readonly string[], b: readonly string[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export function replayLine(file: string, fix: string, seed: number, profile: string | undefined, store: StoreKind): string {
  return [
    `racesim run ${file} --fix ${fix} --seed ${seed}`,
    profile ? ` --profile ${profile}` : '',
    store !== 'memory' ? ` --store ${store}` : '',
  ].join('');
}

/** Registers `run`, `replay`. */
export function registerRunCommands(program: Command): void {
  program
    .command('run')
    .description('Replay a scenario timeline: what each caller was told, the truth at that instant, and why.')
    .argument('<scenario>', 'scenario YAML file, e.g. scenarios/test-case-2-parallel-users.yaml')
    .option('--fix <variant>', `cache invalidation variant (${variantNames.join(', ')}); a comma list with --html draws them side by side`, 'on')
    .addOption(new Option('--profile <profile>', 'app version to model (default: the scenario\'s, else seed)').choices([...profileNames]))
    .option('--seed <n>', 'seed of every random stream', '1')
    .addOption(new Option('--store <kind>', 'cache store implementation').choices([...storeKinds]).default('memory'))
    .option('--json', 'print one JSON document instead of the timeline table')
    .option('--save <file>', 'write the run (inputs, seed, variant, trace) for racesim replay')
    .option('--html <file>', 'write the run as a swimlane timeline (self-contained HTML)')
    .action(async (file, flags) => {
      process.exitCode = await runCommand(file, flags);
    });

  program
    .command('replay')
    .description('Re-run a saved run; exit 0 only when the new trace hash equals the saved one.')
    .argument('<saved-run>', 'file written by racesim run --save')
    .option('--json', 'print JSON')
    .option('--html <file>', 'write the replayed run as a swimlane timeline')
    .action(async (file, flags) => {
      process.exitCode = await replayCommand(file, flags);
    });

}

/** `[commit date]` of a variant's askproai-api commit, with its branch when it never reached main. */
function originText(origin: FixVariant['origin']): string {
  if (!origin) return '';
  return `[${origin.commit} ${origin.date}${origin.branch ? `, branch ${origin.branch} only` : ''}] `;
}

/** Registers `variants`: what each profile and variant name means. */
export function registerVariantsCommand(program: Command): void {
  program
    .command('variants')
    .description('List the profiles and invalidation variants racesim models.')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      if (flags.json) {
        const summaries = (list: readonly { name: string; summary: string }[]) => list.map(({ name, summary }) => ({ name, summary }));
        const withOrigins = Object.values(variants).map(({ name, summary, origin }) => ({ name, summary, ...(origin ? { origin } : {}) }));
        console.log(JSON.stringify({ profiles: summaries(Object.values(profiles)), variants: withOrigins }, null, 2));
        return;
      }
      console.log('profiles (--profile):');
      for (const p of Object.values(profiles)) console.log(`  ${p.name.padEnd(18)} ${p.summary}`);
      console.log('\nvariants (--fix):');
      for (const v of Object.values(variants)) console.log(`  ${v.name.padEnd(18)} ${originText(v.origin)}${v.summary}`);
    });
}
