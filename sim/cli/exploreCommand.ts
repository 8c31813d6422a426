import { shellCommand } from '../escape/shell.ts';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { clip, InputError, quote } from '../inputError.ts';
import { limits } from '../limits.ts';
import { exhaustive } from '../explore/exhaustive.ts';
import type { ExploreOptions } from '../explore/explorer.ts';
import { strategies, type Strategy } from '../explore/strategies.ts';
import { propertyDefinitions } from '../checkers/properties.ts';
import { parseProperties } from '../explore/properties.ts';
import { writeFilesTogether } from '../reports/writeAtomic.ts';
import { safeFileName } from '../fileNames.ts';
import { renderTimelineHtml } from '../reports/timeline.ts';
import { loadScenarioFile, parseScenario } from '../scenario/loadScenario.ts';
import { ALLOW_IMPOSSIBLE, ALLOW_IMPOSSIBLE_HELP, systemOfRun } from './runCommands.ts';
import { runScenario } from '../scenario/runScenario.ts';
import { defaultSystem, profileNames, variantNames } from '../systems/registry.ts';
import { systemArguments, type ExploredSystem } from '../explore/exploredSystem.ts';
import { parseInteger, parseOutputPath, parseProfile, parseRuns, parseSeed, parseVariantOf, refuseProfile, shippedDefault, stackOption, systemOfFlags, systemOption } from './options.ts';
import { renderTable } from './table.ts';
import { rate } from '../reports/compareReport.ts';

interface ExploreFlags {
  readonly fix: string;
  readonly profile?: string;
  readonly system?: string;
  readonly stack?: string;
  readonly property: string;
  readonly runs: string;
  readonly seed: string;
  readonly path?: string;
  readonly maxCallers: string;
  readonly strategy: Strategy;
  readonly out: string;
  readonly exhaustive?: string;
  readonly allowImpossible?: boolean;
  readonly maxOrderings: string;
  readonly window: string;
  readonly json?: boolean;
  readonly faults?: boolean;
  readonly keepGoing?: boolean;
  readonly excludeCause?: string;
}

/** From this many runs on, explore keeps going by default: a long search should map every hole, not stop at one. */
const KEEP_GOING_FROM_RUNS = 1000;
const FOUND_DIR = 'scenarios/found';

/** Registers `explore`: property-based search for interleavings that break a property, or exhaustive search of one scenario. */
export function registerExploreCommand(program: Command): void {
  program
    .command('explore')
    .description('Search generated scenarios for a violation and shrink it to a replayable scenario file; or, with --exhaustive, enumerate every ordering of a small scenario.')
    .option('--fix <variant>', `variant under test (${variantNames.join(', ')}; a stack file's own with --stack)`, 'on')
    .addOption(new Option('--profile <profile>', 'app version (default: seed)').choices([...profileNames]))
    .addOption(systemOption("askproai; for --exhaustive, the scenario's system:"))
    .addOption(stackOption())
    .option('--property <list>', `properties, comma-separated: ${propertyDefinitions().map((p) => (p.argument ? `"${p.name} <${p.argument}>"` : p.name)).join(', ')}`, 'no-stale-available,conflicts-are-toctou')
    .option('--runs <n>', 'generated scenarios to try at most', '300')
    .option('--seed <n>', 'fast-check seed (the same seed gives the same findings)', '1')
    .option('--path <path>', 'fast-check path: replay one generated scenario directly')
    .option('--max-callers <k>', 'callers per generated scenario, at most', '3')
    .addOption(new Option('--strategy <name>', 'how same-millisecond ties are ordered').choices([...strategies]).default('random'))
    .option('--faults', 'also explore faults: webhooks lost or doubled, Cal.com errors, a failing Layer 2 clear, no booking lock')
    .option('--out <dir>', 'where found scenarios are written', 'reports/found')
    .option('--exhaustive <scenario>', 'enumerate every ordering of this scenario\'s concurrent events instead')
    .option('--max-orderings <n>', 'bound for --exhaustive', '5000')
    .option('--window <ms>', 'for --exhaustive: events due within one window of this many ms are concurrent', '10000')
    .option(ALLOW_IMPOSSIBLE, `for --exhaustive: ${ALLOW_IMPOSSIBLE_HELP}`)
    .option('--keep-going', `run every scenario, group the violations, shrink one example per group and mark the known ones (default from --runs ${KEEP_GOING_FROM_RUNS})`)
    .option('--exclude-cause <causes>', 'with --keep-going: ignore violations with these causes, e.g. toctou,upstream-lag (what no cache fix can prevent)')
    .option('--json', 'print JSON')
    .action(async (flags: ExploreFlags) => {
      if (flags.exhaustive) process.exitCode = runExhaustive(flags);
      else if (flags.keepGoing || parseRuns(flags.runs) >= KEEP_GOING_FROM_RUNS) process.exitCode = await runKeepGoing(flags);
      else process.exitCode = await runExplore(flags);
    });
}

/**
 * The system a search explores: --system/--stack (a stack file alone means the stack system), else
 * askproai. A stack has its own variants and no profiles.
 */
function exploredSystem(flags: ExploreFlags, out: string): ExploredSystem | undefined {
  const plugin = systemOfFlags(flags);
  if (plugin === undefined || plugin === defaultSystem) return undefined;
  refuseProfile(plugin, flags.profile);
  return { plugin, stackFile: flags.stack!, stackFromOut: relative(resolve(out), resolve(flags.stack!)) };
}

/** The search every explore mode shares, from the flags. */
function exploreOptions(flags: ExploreFlags): ExploreOptions {
  const seed = parseSeed(flags.seed);
  const system = exploredSystem(flags, parseOutputPath(flags.out, '--out')!);
  return {
    fix: parseVariantOf(system?.plugin, flags.fix),
    profile: parseProfile(flags.profile) ?? 'seed',
    ...(system ? { system } : {}),
    properties: parseProperties(flags.property),
    runs: parseRuns(flags.runs, '--runs', seed),
    seed,
    path: parsePath(flags.path),
    maxCallers: parseInteger(flags.maxCallers, '--max-callers', 2, 26),
    strategy: flags.strategy,
    faults: flags.faults,
  };
}

async function runExplore(flags: ExploreFlags): Promise<number> {
  const options = exploreOptions(flags);
  const { fix, profile, properties, seed, maxCallers, system } = options;
  const out = parseOutputPath(flags.out, '--out')!;
  const { explore } = await import('../explore/explorer.ts'); // fast-check loads only when exploring
  const started = Date.now(); // wall-clock-ok: elapsed time for the user, not part of the simulation
  const result = explore(options);
  const seconds = ((Date.now() - started) / 1000).toFixed(1); // wall-clock-ok: as above
  const head = `explore --fix ${fix} ${systemArguments(options)} --strategy ${flags.strategy}${flags.faults ? ' --faults' : ''} --seed ${seed}: ${result.runs} runs in ${seconds} s`;
  const { finding } = result;
  if (!finding) {
    console.log(flags.json ? JSON.stringify({ runs: result.runs, strategy: flags.strategy, seed, found: null }) : `${head}; no violation of ${properties.map((p) => p.name).join(', ')}`);
    return 0;
  }
  const file = join(out, `${safeFileName(finding.scenario.name, 'explore: the found scenario\'s name')}.yaml`);
  const html = file.replace(/\.yaml$/, '.html');
  const replayed = parseScenario(finding.yaml, file);
  writeFilesTogether([
    { path: file, content: finding.yaml },
    { path: html, content: renderTimelineHtml([{ scenario: replayed, run: runScenario(replayed, { fix, profile, seed: 1, system: system?.plugin }), system: system?.plugin }]) },
  ]);
  const replay = [
    shellCommand(['racesim', 'run', file, '--fix', fix]),
    `${shellCommand(['racesim', 'explore', '--fix', fix])} ${systemArguments(options)} ${shellCommand(['--property', flags.property, '--strategy', flags.strategy, flags.faults && '--faults', '--max-callers', String(maxCallers), '--seed', String(seed), '--path', finding.path])}`,
  ];
  if (flags.json) {
    console.log(JSON.stringify({ runs: result.runs, strategy: flags.strategy, seed, path: finding.path, property: finding.violation.property, message: finding.violation.message, size: finding.size, shrinks: finding.shrinks, file, replay }, null, 2));
  } else {
    console.log(
      [
        head,
        `VIOLATION of ${finding.violation.property} after ${finding.runsToFind} runs (seed ${seed}, path ${finding.path}), shrunk ${finding.shrinks} times to ${finding.size.callers} callers and ${finding.size.steps} steps:`,
        `  ${finding.violation.message}`,
        `scenario: ${file}`,
        `timeline: ${html}`,
        'replay:',
        ...replay.map((r) => `  ${r}`),
      ].join('\n'),
    );
  }
  return 1;
}

/**
 * `--path`: fast-check's replay path, run index then shrink steps ("12:0:3"). Each bounded by the runs
 * limit, as fast-check walks to each index one value at a time.
 */
function parsePath(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(':');
  if (text.length > limits.stringChars || !parts.every((p) => /^\d{1,8}$/.test(p) && Number(p) < limits.runs)) {
    throw new InputError(`--path: expected fast-check's path, numbers below ${limits.runs} separated by ":" (e.g. "12:0:3"), got ${quote(text)}`);
  }
  return text;
}

function runExhaustive(flags: ExploreFlags): number {
  const scenario = loadScenarioFile(flags.exhaustive!, { allowImpossible: flags.allowImpossible });
  if (scenario.steps.length > limits.exhaustiveSteps) {
    throw new InputError(`--exhaustive: ${clip(flags.exhaustive!)} has ${scenario.steps.length} steps; expected at most ${limits.exhaustiveSteps} (orderings grow factorially with steps)`);
  }
  const system = systemOfRun(scenario, flags);
  if (system !== defaultSystem) refuseProfile(system, flags.profile);
  const fix = parseVariantOf(system, flags.fix);
  const maxOrderings = parseInteger(flags.maxOrderings, '--max-orderings', 1, limits.runs);
  const windowMs = parseInteger(flags.window, '--window', 1, limits.durationMs);
  const result = exhaustive(scenario, { fix, profile: parseProfile(flags.profile), maxOrderings, windowMs, system });
  if (flags.json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  console.log(
    `${scenario.name} --fix ${fix}, events within ${windowMs} ms concurrent: ${result.orderings} orderings${result.complete ? '' : ` (stopped at --max-orderings ${maxOrderings}; not complete)`}, ${result.distinct} distinct outcomes\n`,
  );
  result.outcomes.forEach((outcome, i) => {
    console.log(`outcome ${i + 1}: ${outcome.count} orderings, e.g. tieBreaks [${outcome.ordering.join(', ')}]`);
    console.log(
      renderTable(
        ['step', 'caller', 'action', 'slot', 'outcome', 'truth', 'layer', 'cause'],
        outcome.steps.map((s) => [String(s.index), s.caller, s.action, s.slot, s.stale ? `${s.outcome} (STALE)` : s.outcome, s.truth, s.servedBy ?? '', s.attribution ?? '']),
      ),
      '\n',
    );
  });
  return 0;
}

async function runKeepGoing(flags: ExploreFlags): Promise<number> {
  const options = exploreOptions(flags);
  const excludeCauses = flags.excludeCause ? flags.excludeCause.split(',').map((c) => c.trim()) : [];
  const { exploreKeepGoing } = await import('../explore/keepGoing.ts'); // fast-check loads only when exploring
  const foundDir = shippedDefault(FOUND_DIR); // in an app's repository, the holes racesim ships
  const known = existsSync(foundDir)
    ? readdirSync(foundDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ file: join(foundDir, f), scenario: loadScenarioFile(join(foundDir, f)) }))
    : [];
  const result = exploreKeepGoing({ ...options, excludeCauses, known });
  const out = parseOutputPath(flags.out, '--out')!;
  const rows = result.groups.map((group) => ({ ...group, file: join(out, `${safeFileName(group.example.scenario.name, 'explore: a found scenario\'s name')}.yaml`) }));
  writeFilesTogether(rows.map((row) => ({ path: row.file, content: row.example.yaml })));
  if (flags.json) {
    console.log(JSON.stringify({ runs: result.runs, seed: options.seed, fix: options.fix, excludeCauses, groups: rows.map(({ example, ...row }) => ({ ...row, path: example.path })) }, null, 2));
    return rows.length ? 1 : 0;
  }
  console.log(`explore --keep-going --fix ${options.fix} ${systemArguments(options)} --seed ${options.seed}: ${result.runs} runs, ${rows.length} groups of violations${excludeCauses.length ? ` (causes ${excludeCauses.join(', ')} excluded)` : ''}\n`);
  if (rows.length === 0) return 0;
  console.log(
    renderTable(
      ['group', 'runs', 'rate [95 % CI]', 'example', 'known'],
      rows.map((r) => [r.signature, String(r.hits), rate(r.rate), r.file, r.knownAs ? `known: ${r.knownAs}` : 'NEW']),
    ),
  );
  console.log(`\nreplay an example: ${shellCommand(['racesim', 'run', rows[0].file, '--fix', options.fix])}`);
  return 1;
}

