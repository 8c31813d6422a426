import { judgeRun } from '../checkers/judgedRun.ts';
import { buildRunReport } from '../metrics/runReport.ts';
import type { ScenarioRun } from '../scenario/runScenario.ts';
import type { Expectation, Scenario } from '../scenario/scenario.ts';
import { workloadWorld, type RunSpec } from './measureRun.ts';
import { shellCommand } from '../escape/shell.ts';

/**
 * One Monte Carlo run again, this time with its typed history, as a scenario run the timeline can draw.
 * Tracing draws no random numbers, so the run is the one the measurement folded, call for call.
 * `expectations` (e.g. a property that must hold) are checked in its report as a scenario's would be.
 */
export function exampleRun(spec: RunSpec, seed: number, description: string, expectations: readonly Expectation[] = []): { readonly scenario: Scenario; readonly run: ScenarioRun } {
  const { workload, config, profile, variant } = spec;
  const world = workloadWorld(spec, seed, { trace: true });
  const outcome = world.run();
  const scenario: Scenario = {
    name: `${workload.name}, seed ${seed}`,
    description,
    file: `${workload.name}.yaml`,
    timezone: workload.timezone,
    startMs: workload.startMs,
    world: config,
    ...(spec.system.stack ? { system: spec.system.name, stackFile: spec.system.stack.file } : {}),
    steps: [],
    expect: { [variant]: expectations },
  };
  const judged = judgeRun(world, outcome);
  const report = buildRunReport(scenario, { profile, fix: variant, seed }, world, outcome, judged);
  return { scenario, run: { report, trace: outcome.trace?.lines ?? [], events: outcome.trace?.events ?? [], outcome, judged } };
}

/** What names one run of a workload on the command line. Paths as the user gave them (or relative to the working folder). */
export interface WorkloadRunLine {
  readonly workload: string;
  readonly fix: string;
  readonly seed: number;
  readonly profile?: string;
  readonly stack?: string;
  /** A property the run is checked with, e.g. `no-stale-after 1000`. */
  readonly property?: string;
}

/** The `racesim run --workload …` line that replays one run of a workload (and reports the property in it), quoted for a shell. */
export function workloadRunLine(line: WorkloadRunLine): string {
  return shellCommand([
    'racesim', 'run', '--workload', line.workload, '--fix', line.fix, '--seed', String(line.seed),
    ...(line.profile ? ['--profile', line.profile] : []),
    ...(line.stack ? ['--stack', line.stack] : []),
    ...(line.property ? ['--property', line.property] : []),
  ]);
}
