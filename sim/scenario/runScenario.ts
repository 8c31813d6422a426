import { InputError } from '../inputError.ts';
import { judgeRun, type JudgedRun } from '../checkers/judgedRun.ts';
import { replaySelector, type TaskSelector } from '../core/taskSelector.ts';
import { buildRunReport, type RunReport } from '../metrics/runReport.ts';
import type { StoreKind } from '../stores/cacheStore.ts';
import { defaultSystem, systemFor, type ProfileName, type VariantName } from '../systems/registry.ts';
import type { SystemPlugin } from '../systems/systemPlugin.ts';
import { World, type WorldOptions, type WorldOutcome } from '../world.ts';
import type { HistoryEvent } from '../core/history.ts';
import type { Process } from '../core/simulation.ts';
import type { Scenario, Step } from './scenario.ts';

export interface ScenarioRunOptions {
  /** A variant of the system: askproai's names, or a stack file's. */
  readonly fix: VariantName | (string & {});
  /** Overrides the scenario's `profile:`; default `seed`. Only askproai has profiles. */
  readonly profile?: ProfileName;
  /** Overrides the scenario's `system:`/`stack:`; default the scenario's, else askproai. */
  readonly system?: SystemPlugin;
  readonly seed: number;
  readonly store?: StoreKind;
  /** Who wins same-millisecond ties; default: the scenario's `tieBreaks`, else FIFO. */
  readonly selector?: TaskSelector;
  /** Exhaustive exploration: events within one window of this many ms are ties. */
  readonly tieWindowMs?: number;
}

export interface ScenarioRun {
  readonly report: RunReport;
  readonly trace: readonly string[];
  /** The typed, causal history the trace lines are derived from. */
  readonly events: readonly HistoryEvent[];
  /** The raw world outcome (history, Cal.com's ledger, stats). */
  readonly outcome: WorldOutcome;
  /** What every checker reads: the history judged against the ledger, with the typed events. */
  readonly judged: JudgedRun;
}

function buildWorld(scenario: Scenario, options: ScenarioRunOptions, makeStore?: WorldOptions['makeStore']): World {
  const system = options.system ?? (scenario.system ? systemFor(scenario.system, scenario.stackFile) : defaultSystem);
  // Profiles and variants are typed by askproai's names; another system's are its own strings.
  const profile = system === defaultSystem ? options.profile ?? (scenario.profile as ProfileName | undefined) ?? 'seed' : system.profiles[0].name;
  const zoneProblem = system.callerZoneProblem?.(profile, scenario.timezone, scenario.world);
  if (zoneProblem) throw new InputError(`${scenario.file}: timezone: ${zoneProblem}`);
  const world = new World({
    config: scenario.world,
    timezone: scenario.timezone,
    startMs: scenario.startMs,
    system,
    profile: profile as ProfileName,
    variant: options.fix as VariantName,
    seed: options.seed,
    makeStore,
    selector: options.selector ?? (scenario.tieBreaks ? replaySelector(scenario.tieBreaks) : undefined),
    tieWindowMs: options.tieWindowMs,
    trace: true,
  });
  // One process per caller: a caller does one thing at a time, so a step starts at its `at` or when the
  // caller's previous step has been answered, whichever is later.
  const callers = [...new Set(scenario.steps.map((s) => s.caller))];
  for (const caller of callers) {
    const steps = scenario.steps.filter((s) => s.caller === caller);
    world.sim.spawn(steps[0].atMs, `${caller}#${steps[0].index}`, callerProcess(world, steps));
  }
  return world;
}

function finish(scenario: Scenario, world: World, outcome: WorldOutcome): ScenarioRun {
  const { profile, variant, seed } = world.options;
  const judged = judgeRun(world, outcome);
  return {
    report: buildRunReport(scenario, { profile, fix: variant, seed }, world, outcome, judged),
    trace: outcome.trace?.lines ?? [],
    events: outcome.trace?.events ?? [],
    outcome,
    judged,
  };
}

/** Replays a scenario's timeline on the in-memory store. */
export function runScenario(scenario: Scenario, options: ScenarioRunOptions): ScenarioRun {
  if (options.store === 'ioredis-mock') throw new Error('the ioredis-mock store is asynchronous: use runScenarioAsync');
  const world = buildWorld(scenario, options);
  return finish(scenario, world, world.run());
}

/** Replays a scenario's timeline on any store. */
export async function runScenarioAsync(scenario: Scenario, options: ScenarioRunOptions): Promise<ScenarioRun> {
  // ioredis-mock is loaded only by the runs that use it: it costs a command ~0.2 s to start.
  const makeStore = options.store === 'ioredis-mock' ? await redisMockStoreFactory() : undefined;
  const world = buildWorld(scenario, options, makeStore);
  return finish(scenario, world, await world.runAsync());
}

async function redisMockStoreFactory(): Promise<WorldOptions['makeStore']> {
  const { RedisMockStore } = await import('../stores/redisMockStore.ts');
  return (now) => new RedisMockStore(now);
}

function* callerProcess(world: World, steps: readonly Step[]): Process<void> {
  for (const step of steps) {
    if (world.sim.now < step.atMs) yield step.atMs - world.sim.now;
    world.sim.label = `${step.caller}#${step.index}`;
    yield* world.call({
      index: step.index,
      caller: step.caller,
      action: step.action,
      service: step.service,
      slot: step.slot,
      ...(step.to ? { to: step.to } : {}),
      latencyMs: step.calcomLatencyMs,
      ...(step.via ? { via: step.via } : {}),
      takeAlternative: true,
    });
  }
}
