import { runScenario, runScenarioAsync } from '../scenario/runScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { defaultSystem, profileNames, type ProfileName } from '../systems/registry.ts';
import { codeSystem } from './codeSystem.ts';
import { compareRuns, processRecords, type StepComparison } from './compareSteps.ts';
import { PhpWorker, type WorkerLine } from './phpWorker.ts';
import { stepPlans } from './stepPlan.ts';

export interface ConformOptions {
  /** The application's files (a checkout, or racesim's extract of one commit of it). */
  readonly appDir: string;
  /** The model's variant the code is checked against. */
  readonly fix: string;
  /** Overrides each scenario's `profile:`. */
  readonly profile?: ProfileName;
  readonly seed: number;
}

export interface ScenarioConformance {
  readonly name: string;
  readonly file: string;
  readonly profile: string;
  readonly steps: readonly StepComparison[];
}

/** A class the driver was to drive, and whether it could at this checkout (with the reason when not). */
export interface DrivenClass {
  readonly name: string;
  readonly driven: boolean;
  readonly status: string;
}

/** The classes conform drives, and the handlers it would drive were they constructible with the driver's stubs. */
export const unitClasses = ['App\\Services\\CalcomService', 'App\\Services\\AppointmentAlternativeFinder', 'App\\Services\\CircuitBreaker'];
export const handlerClasses = [
  'App\\Http\\Controllers\\RetellFunctionCallHandler',
  'App\\Http\\Controllers\\Api\\RetellApiController',
  'App\\Http\\Controllers\\CalcomWebhookController',
];

/**
 * One scenario, model against code: the model's run first (its history gives each step's units), then
 * the same scenario with the app's own classes in PHP workers on the same world, and the two histories
 * compared process by process. The workers live for the scenario only: every scenario starts cold.
 */
export async function conformScenario(scenario: Scenario, options: ConformOptions): Promise<ScenarioConformance> {
  const { fix, seed } = options;
  const profile = options.profile ?? codeProfileOf(scenario);
  const model = runScenario(scenario, { fix, profile, seed });
  const workers = new Map<string, PhpWorker>();
  const workerFor = (process: string) => workers.get(process) ?? workers.set(process, new PhpWorker(options.appDir, scenario.world.appTimezone, process, appConfig(scenario))).get(process)!;
  try {
    const system = codeSystem(defaultSystem, { plans: stepPlans(model.events, model.outcome.records), workerFor });
    const code = await runScenarioAsync(scenario, { fix, profile, seed, system });
    const actions = new Map(scenario.steps.map((s) => [`${s.caller}#${s.index}`, s.action]));
    const steps = compareRuns(processRecords(model.events, model.outcome.records), processRecords(code.events, code.outcome.records), actions);
    const external = new Set(scenario.steps.filter((s) => s.action.startsWith('external_')).map((s) => `${s.caller}#${s.index}`));
    return { name: scenario.name, file: scenario.file, profile: model.report.profile, steps: steps.filter((s) => !external.has(s.process)) };
  } finally {
    for (const worker of workers.values()) worker.close();
  }
}

/** The summary's profile (`seed`) describes no code: a scenario written for it is checked on the code's first profile. */
const SUMMARY_PROFILE = 'seed';
const CODE_PROFILE = profileNames.find((name) => name !== SUMMARY_PROFILE)!;

function codeProfileOf(scenario: Scenario): ProfileName {
  const own = scenario.profile as ProfileName | undefined;
  return own === undefined || own === SUMMARY_PROFILE ? CODE_PROFILE : own;
}

/** The app's `config/booking.php` as the scenario's world has it: the finder reads its business hours there. */
function appConfig(scenario: Scenario): object {
  const { open, close } = scenario.world.businessHours;
  const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return { booking: { business_hours_start: hhmm(open), business_hours_end: hhmm(close) } };
}

/** Which of the classes conform drives (and the handlers it does not) load at this checkout, and why not. */
export async function drivenClasses(appDir: string): Promise<DrivenClass[]> {
  const worker = new PhpWorker(appDir, 'UTC', 'classes');
  try {
    worker.send({ op: 'call', now: 0, unit: 'classes', args: { names: [...unitClasses, ...handlerClasses] } });
    const line: WorkerLine = await worker.next();
    if (!('done' in line)) throw new Error(`the PHP driver could not list the app's classes: ${JSON.stringify(line).slice(0, 300)}`);
    const status = line.done as Record<string, string>;
    return [
      ...unitClasses.map((name) => ({ name, driven: status[name] !== 'not in the checkout' && !status[name].includes(':'), status: unitStatus(status[name]) })),
      ...handlerClasses.map((name) => ({ name, driven: false, status: handlerReason(status[name]) })),
    ];
  } finally {
    worker.close();
  }
}

/** A driven class: it loads (the breaker is made by CalcomService with its own arguments), or why it cannot be driven. */
function unitStatus(status: string): string {
  if (status === 'loads' || status.startsWith('needs ')) return status === 'loads' ? 'driven' : 'driven (constructed by the app\'s own code)';
  return `not driven: ${status}`;
}

/** Why a handler is not driven: it is not there, or its constructor wants what the driver has no stub for. */
function handlerReason(status: string): string {
  if (status === 'loads') return 'not driven: loads, with no constructor dependencies, but its actions read the request, the call and the database';
  return status.startsWith('needs ') ? `not driven: its constructor ${status}, for which the driver has no stub` : `not driven: ${status}`;
}
