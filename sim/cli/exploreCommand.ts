import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { clip, InputError, quote } from '../inputError.ts';
import { limits } from '../limits.ts';
import { exhaustive } from '../explore/exhaustive.ts';
import { strategies, type Strategy } from '../explore/strategies.ts';
import { parseProperties, propertyFactories } from '../explore/properties.ts';
import { writeFilesTogether } from '../reports/writeAtomic.ts';
import { renderTimelineHtml } from '../reports/timeline.ts';
import { loadScenarioFile, parseScenario } from '../scenario/loadScenario.ts';
import { runScenario } from '../scenario/runScenario.ts';
import { profileNames, variantNames } from '../systems/askproai/catalog.ts';
import { parseInteger, parseOutputPath, parseProfile, parseRuns, parseSeed, parseVariant } from './options.ts';
import { renderTable } from './table.ts';

interface ExploreFlags {
  readonly fix: string;
  readonly profile?: string;
  readonly property: string;
  readonly runs: string;
  readonly seed: string;
  readonly path?: string;
  readonly maxCallers: string;
  readonly strategy: Strategy;
  readonly out: string;
  readonly exhaustive?: string;
  readonly maxOrderings: string;
  readonly window: string;
  readonly json?: boolean;
  readonly faults?: boolean;
}

/** Registers `explore`: property-based search for interleavings that break a property, or exhaustive search of one scenario. */
export function registerExploreCommand(program: Command): void {
  program
    .command('explore')
    .description('Search generated scenarios for a violation and shrink it to a replayable scenario file; or, with --exhaustive, enumerate every ordering of a small scenario.')
    .addOption(new Option('--fix <variant>', 'variant under test').choices([...variantNames]).default('on'))
    .addOption(new Option('--profile <profile>', 'app version').choices([...profileNames]).default('seed'))
    .option('--property <list>', `properties, comma-separated: ${Object.entries(propertyFactories).map(([n, f]) => (f.argument ? `"${n} <${f.argument}>"` : n)).join(', ')}`, 'no-stale-available,conflicts-are-toctou')
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
    .option('--json', 'print JSON')
    .action(async (flags: ExploreFlags) => {
      process.exitCode = flags.exhaustive ? runExhaustive(flags) : await runExplore(flags);
    });
}

async function runExplore(flags: ExploreFlags): Promise<number> {
  const fix = parseVariant(flags.fix);
  const profile = parseProfile(flags.profile) ?? 'seed';
  const properties = parseProperties(flags.property);
  const seed = parseSeed(flags.seed);
  const runs = parseRuns(flags.runs, '--runs', seed);
  const maxCallers = parseInteger(flags.maxCallers, '--max-callers', 2, 26);
  const path = parsePath(flags.path);
  const out = parseOutputPath(flags.out, '--out')!;
  const { explore } = await import('../explore/explorer.ts'); // fast-check loads only when exploring
  const started = Date.now(); // wall-clock-ok: elapsed time for the user, not part of the simulation
  const result = explore({ fix, profile, properties, runs, seed, path, maxCallers, strategy: flags.strategy, faults: flags.faults });
  const seconds = ((Date.now() - started) / 1000).toFixed(1); // wall-clock-ok: as above
  const head = `explore --fix ${fix} --profile ${profile} --strategy ${flags.strategy}${flags.faults ? ' --faults' : ''} --seed ${seed}: ${result.runs} runs in ${seconds} s`;
  const { finding } = result;
  if (!finding) {
    console.log(flags.json ? JSON.stringify({ runs: result.runs, strategy: flags.strategy, seed, found: null }) : `${head}; no violation of ${properties.map((p) => p.name).join(', ')}`);
    return 0;
  }
  const file = join(out, `${finding.scenario.name}.yaml`);
  const html = file.replace(/\.yaml$/, '.html');
  const replayed = parseScenario(finding.yaml, file);
  writeFilesTogether([
    { path: file, content: finding.yaml },
    { path: html, content: renderTimelineHtml([{ scenario: replayed, run: runScenario(replayed, { fix, profile, seed: 1 }) }]) },
  ]);
  const replay = [
    `racesim run ${file} --fix ${fix}`,
    `racesim explore --fix ${fix} --profile ${profile} --property "${flags.property}" --strategy ${flags.strategy}${flags.faults ? ' --faults' : ''} --max-callers ${maxCallers} --seed ${seed} --path "${finding.path}"`,
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
  const scenario = loadScenarioFile(flags.exhaustive!);
  if (scenario.steps.length > limits.exhaustiveSteps) {
    throw new InputError(`--exhaustive: ${clip(flags.exhaustive!)} has ${scenario.steps.length} steps; expected at most ${limits.exhaustiveSteps} (orderings grow factorially with steps)`);
  }
  const fix = parseVariant(flags.fix);
  const maxOrderings = parseInteger(flags.maxOrderings, '--max-orderings', 1, limits.runs);
  const windowMs = parseInteger(flags.window, '--window', 1, limits.durationMs);
  const result = exhaustive(scenario, { fix, profile: parseProfile(flags.profile), maxOrderings, windowMs });
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
