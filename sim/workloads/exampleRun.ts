import { judgeRun } from '../checkers/judgedRun.ts';
import { buildRunReport } from '../metrics/runReport.ts';
import type { ScenarioRun } from '../scenario/runScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { workloadWorld, type RunSpec } from './measureRun.ts';

/**
 * One Monte Carlo run again, this time with its typed history, as a scenario run the timeline can draw.
 * Tracing draws no random numbers, so the run is the one the measurement folded, call for call.
 */
export function exampleRun(spec: RunSpec, seed: number, description: string): { readonly scenario: Scenario; readonly run: ScenarioRun } {
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
    expect: {},
  };
  const judged = judgeRun(world, outcome);
  const report = buildRunReport(scenario, { profile, fix: variant, seed }, world, outcome, judged);
  return { scenario, run: { report, trace: outcome.trace?.lines ?? [], events: outcome.trace?.events ?? [], outcome, judged } };
}
