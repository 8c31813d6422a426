import { shellCommand } from '../escape/shell.ts';
import { fastCheckSeed } from './fastCheckSeed.ts';
import fc from 'fast-check';
import { RandomStreams } from '../core/random.ts';
import { pctSelector, randomSelector, recordingSelector } from '../core/taskSelector.ts';
import { runScenario, type ScenarioRun } from '../scenario/runScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { ProfileName, VariantName } from '../systems/registry.ts';
import { genomeArbitrary, genomeToScenario, scenarioSize, widenTies, type Genome } from './arbitraries.ts';
import type { Property, Violation } from './properties.ts';
import { scenarioToYaml } from './scenarioYaml.ts';
import { systemArguments, type ExploredSystem } from './exploredSystem.ts';
import type { Strategy } from './strategies.ts';


export interface ExploreOptions {
  /** A variant of the explored system: askproai's names, or a stack file's. */
  readonly fix: VariantName | (string & {});
  /** askproai's app version (a stack has none). */
  readonly profile: ProfileName;
  /** Explore this system instead of askproai. */
  readonly system?: ExploredSystem;
  readonly properties: readonly Property[];
  /** fast-check runs (generated scenarios) at most. */
  readonly runs: number;
  /** fast-check's seed: the same seed gives the same findings. */
  readonly seed: number;
  /** fast-check's path, to replay one generated scenario directly. */
  readonly path?: string;
  readonly maxCallers: number;
  readonly strategy: Strategy;
  /** Add faults (world.faults) to the search space. */
  readonly faults?: boolean;
}

export interface Finding {
  readonly violation: Violation;
  /** The shrunk scenario, with the tie order it ran with. */
  readonly scenario: Scenario;
  readonly yaml: string;
  readonly path: string;
  /** Generated scenarios run until the first violation. */
  readonly runsToFind: number;
  readonly shrinks: number;
  readonly size: { readonly callers: number; readonly steps: number };
}

export interface ExploreResult {
  readonly runs: number;
  readonly finding: Finding | null;
}

/** PCT depth and the number of ties a generated scenario is expected to have (for its change points). */
const PCT_DEPTH = 3;
const PCT_EXPECTED_TIES = 40;
/** The world seed of explored runs: fixed, so a found scenario replays with `racesim run`'s default seed. */
const WORLD_SEED = 1;

export type ExploredRun = { scenario: Scenario; run: ScenarioRun; violation: Violation | null };

/** Runs one generated scenario under the strategy and checks the properties. */
export function runGenome(genome: Genome, options: ExploreOptions, name = 'explored'): ExploredRun {
  return runExplored(genomeToScenario(genome, name), genome.scheduleSeed, options);
}

/** Runs a scenario with ties broken by the strategy seeded with `scheduleSeed`, and checks the properties. */
function runExplored(scenario: Scenario, scheduleSeed: number, options: ExploreOptions): ExploredRun {
  const stream = new RandomStreams(scheduleSeed).stream('schedule');
  const selector = recordingSelector(options.strategy === 'pct' ? pctSelector(stream, PCT_DEPTH, PCT_EXPECTED_TIES) : randomSelector(stream));
  const run = runScenario(scenario, { fix: options.fix, profile: options.profile, seed: WORLD_SEED, selector, system: options.system?.plugin });
  let violation: Violation | null = null;
  for (const property of options.properties) {
    violation = property.check(run);
    if (violation) break;
  }
  return { scenario: { ...scenario, tieBreaks: selector.choices }, run, violation };
}

/** Property-based exploration: generate, run, check; on a violation shrink it to a minimal replayable scenario. */
export function explore(options: ExploreOptions): ExploreResult {
  const details = fc.check(
    fc.property(genomeArbitrary(options.maxCallers, options.faults), (genome) => runGenome(genome, options).violation === null),
    { seed: fastCheckSeed(options.seed), path: options.path, numRuns: options.runs, endOnFailure: false },
  );
  if (!details.failed || !details.counterexample) return { runs: details.numRuns, finding: null };
  const name = `${options.properties.map((p) => p.name.split(' ')[0]).join('+')}-${options.fix}-${options.strategy}-seed${options.seed}`;
  return { runs: details.numRuns, finding: findingOf(details.counterexample[0], options, name, details) };
}

/** A shrunk counterexample as a described, replayable scenario. */
export function findingOf(
  genome: Genome,
  options: ExploreOptions,
  name: string,
  search: { readonly counterexamplePath: string | null; readonly numRuns: number; readonly numShrinks: number },
  /** Whether a run still shows the finding; default: it breaks the same property. */
  shows?: (run: ExploredRun) => boolean,
): Finding {
  const shrunk = runGenome(genome, options, name);
  const stillShows = shows ?? ((run: ExploredRun) => run.violation?.property === shrunk.violation?.property);
  // Steps shrunk onto one instant get the shortest real gap that keeps the finding, so it does not read as a tie.
  const untied = widenTies(genomeToScenario(genome, name), (candidate) => stillShows(runExplored(candidate, genome.scheduleSeed, options)));
  const { scenario, violation } = runExplored(untied, genome.scheduleSeed, options);
  const described: Scenario = {
    ...scenario,
    description:
      `Found by ${shellCommand(['racesim', 'explore', '--fix', options.fix])} ${systemArguments(options)} --strategy ${options.strategy}${options.faults ? ' --faults' : ''} --seed ${options.seed} ` +
      `(fast-check path ${search.counterexamplePath}) after ${search.numRuns} runs, shrunk ${search.numShrinks} times. ` +
      `Under "${options.fix}": ${violation!.message}.`,
  };
  return {
    violation: violation!,
    scenario: described,
    yaml: scenarioToYaml(described, {
      ...(options.system ? { system: { name: options.system.plugin.name, stack: options.system.stackFromOut } } : { profile: options.profile }),
      allowImpossible: true,
      expect: { [options.fix]: violation!.evidence },
    }),
    path: search.counterexamplePath ?? '',
    runsToFind: search.numRuns,
    shrinks: search.numShrinks,
    size: scenarioSize(described),
  };
}

