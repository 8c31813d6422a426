import { parseProperty } from '../checkers/properties.ts';
import { InputError, readInputFile } from '../inputError.ts';
import { systemOfRef } from '../systems/registry.ts';
import { exampleRun, workloadRunLine } from '../workloads/exampleRun.ts';
import { effectiveProfile, worldOf } from '../workloads/measureOptions.ts';
import { parseWorkload } from '../workloads/workload.ts';
import { namesSystem, parseOutputPath, parseProfile, parseSeed, parseVariantOf, refuseProfile, workloadSystem, type SystemFlags } from './options.ts';
import { renderRun } from './runView.ts';

export interface WorkloadRunFlags extends SystemFlags {
  readonly workload: string;
  readonly fix: string;
  readonly seed: string;
  readonly profile?: string;
  readonly property?: string;
  readonly json?: boolean;
  readonly events?: boolean;
  readonly html?: string;
  readonly store: string;
  readonly save?: string;
  readonly writeExpect?: boolean;
  readonly exportTimeline?: string;
}

/**
 * `racesim run --workload W --seed S`: the one Monte Carlo run of W that compare and the gate ran with
 * seed S (run i of a measurement has seed + i), every call shown; `--property P` checks it as the gate
 * does, so a gate's violating seed replays with the property's verdict. Exit 1 when the property is broken.
 */
export async function workloadRunCommand(flags: WorkloadRunFlags): Promise<number> {
  refuseScenarioOptions(flags);
  const workload = parseWorkload(readInputFile(flags.workload, 'workload file'), flags.workload);
  const system = workloadSystem(flags, workload);
  const plugin = systemOfRef(system);
  const fix = parseVariantOf(plugin, flags.fix);
  if (system.stack) refuseProfile(plugin, flags.profile);
  const profile = effectiveProfile({ profile: parseProfile(flags.profile), system }, workload);
  const seed = parseSeed(flags.seed);
  if (flags.property !== undefined) parseProperty(flags.property, '--property'); // a one-line InputError for an unknown property
  const html = parseOutputPath(flags.html, '--html');
  const replay = workloadRunLine({ workload: flags.workload, fix, seed, profile: flags.profile, stack: namesSystem(flags) ? flags.stack : undefined, property: flags.property });
  const description = `Run of seed ${seed} of ${flags.workload} under ${fix}, as compare and the gate run it. Replay: ${replay}`;
  const { scenario, run } = exampleRun({ workload, config: worldOf(workload), system, profile, variant: fix }, seed, description, flags.property ? [{ property: flags.property }] : []);
  if (html) (await import('../reports/timeline.ts')).writeTimelineHtml(html, [{ scenario, run, system: plugin }]);
  if (flags.json) console.log(JSON.stringify(flags.events ? { ...run.report, events: run.events } : run.report, null, 2));
  else console.log(renderRun(run.report, replay) + (html ? `\n\ntimeline: ${html}` : ''));
  return run.report.expectations.failed > 0 ? 1 : 0;
}

/** What only a scenario file has: its store choice, a saved run, expectations written back, an exported timeline. */
function refuseScenarioOptions(flags: WorkloadRunFlags): void {
  const given = [flags.save !== undefined && '--save', flags.writeExpect && '--write-expect', flags.exportTimeline !== undefined && '--export-timeline', flags.store !== 'memory' && '--store'].filter(Boolean);
  if (given.length) throw new InputError(`--workload: ${given.join(', ')} go with a scenario file; one run of a workload is named by its workload, variant and seed`);
}
