import { z } from 'zod';
import { clip, quote, readInputFile } from '../inputError.ts';
import { resolveSystemFields, type SystemNames } from './systemFields.ts';
import type { SystemPlugin } from '../systems/systemPlugin.ts';
import type { Service, WorldConfig } from '../worldConfig.ts';
import { type Expectation, type Scenario, type Step } from './scenario.ts';
import { propertyProblem } from '../checkers/properties.ts';
import { attributions, bookingFunctions, movesBooking, outcomes, stepActions } from '../core/vocabulary.ts';
import { AT_FORMAT, checkExists, parseInstant, parseLocal, resolveHeader, SLOT_FORMAT } from './fileHeader.ts';
import { count, durationMs, integer } from './ranges.ts';
import { limits } from '../limits.ts';
import { resolveWorld, worldSchema } from './worldSchema.ts';
import { YamlSource, type FieldPath } from './yamlSource.ts';
import { checkSlotsPossible } from './possibleSlots.ts';
import { didYouMean } from './didYouMean.ts';
import { ymd, type LocalTime } from '../core/zonedTime.ts';

const stepSchema = z.strictObject({
  at: z.string(),
  caller: z.string().min(1),
  action: z.enum(stepActions),
  slot: z.string(),
  to: z.string().optional(),
  company: z.union([integer, z.string()]).optional(),
  branch: z.union([integer, z.string()]).optional(),
  calcomLatencyMs: durationMs.optional(),
  via: z.enum(bookingFunctions).optional(),
});

const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  timezone: z.string(),
  profile: z.string().optional(),
  system: z.string().optional(),
  stack: z.string().min(1).optional(),
  start: z.string(),
  world: worldSchema.optional(),
  steps: z.array(stepSchema).min(1).max(limits.scenarioSteps),
  tieBreaks: z.array(count).optional(),
  /** A scenario may model what cannot happen (a slot outside business hours, off the grid, in the past), e.g. the finder's adjustToBusinessHours. */
  allowImpossible: z.boolean().optional(),
  expect: z.record(z.string(), z.array(z.unknown())).optional(),
});

const nullable = <T extends z.ZodType>(t: T) => t.nullable().optional();
const stepExpectationSchema = z.strictObject({
  step: count,
  outcome: z.enum(outcomes).optional(),
  stale: z.boolean().optional(),
  truth: z.enum(['free', 'taken']).optional(),
  servedBy: nullable(z.string().min(1)), // a layer of the scenario's system, or calcom: checked against the system below
  attribution: nullable(z.enum(attributions)),
  staleLayer: nullable(z.string().min(1)),
  offersTaken: z.boolean().optional(),
  alternatives: z.array(z.string().regex(/^(\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}$/, 'expected "HH:MM" or "YYYY-MM-DD HH:MM"')).max(limits.scenarioSteps).optional(),
});
const keyExpectationSchema = z.strictObject({ key: z.string().min(1), present: z.boolean() });
const propertyExpectationSchema = z.strictObject({ property: z.string().min(1), holds: z.boolean().optional() });

/** The schema of one `expect:` entry, by the field that says what it is about. */
function expectationSchemaOf(entry: unknown) {
  const has = (field: string) => typeof entry === 'object' && entry !== null && field in entry;
  return has('key') ? keyExpectationSchema : has('property') ? propertyExpectationSchema : stepExpectationSchema;
}

export interface ScenarioOptions {
  /** --allow-impossible: accept slots that cannot happen, as the file's own `allowImpossible: true` does. */
  readonly allowImpossible?: boolean;
  /**
   * The system the file runs on, given with it (a saved run carries its stack file's text): its names
   * check the file's expectations, and the file's own `stack:` is not read from disk.
   */
  readonly system?: SystemPlugin;
}

/** Reads and validates a scenario file; any problem is an InputError naming the file, line and field. */
export function loadScenarioFile(path: string, options: ScenarioOptions = {}): Scenario {
  return parseScenario(readInputFile(path, 'scenario file'), path, options);
}

export function parseScenario(text: string, file: string, options: ScenarioOptions = {}): Scenario {
  const source = YamlSource.parse(text, file);
  const raw = source.parseWith(scenarioSchema);
  const { calendar, start, startMs } = resolveHeader(source, raw);
  const world = resolveWorld(raw.world, source, ['world']);
  const steps = raw.steps.map((step, index): Step => {
    const at = ['steps', index] as const;
    const atMs = parseInstant(source, [...at, 'at'], step.at, AT_FORMAT, calendar, start);
    if (atMs < startMs) throw source.error([...at, 'at'], `${step.at} is before start (${raw.start})`);
    const localSlot = (field: 'slot' | 'to', text: string) => checkExists(source, [...at, field], parseLocal(source, [...at, field], absoluteSlot(text, start), SLOT_FORMAT), calendar);
    if ((step.to === undefined) === movesBooking(step.action)) {
      if (step.to === undefined) throw source.error([...at, 'action'], `${step.action} needs to: (the slot the booking moves to)`);
      throw source.error([...at, 'to'], `only reschedule_booking and external_reschedule take to: (the slot the booking moves to), not ${step.action}`);
    }
    if (step.via !== undefined && step.action !== 'create_booking') throw source.error([...at, 'via'], `only create_booking takes via: (the app function it goes through), not ${step.action}`);
    return {
      index,
      atMs,
      caller: step.caller,
      action: step.action,
      slot: localSlot('slot', step.slot),
      ...(step.to === undefined ? {} : { to: localSlot('to', step.to) }),
      service: pickService(source, at, world, step.company, step.branch),
      calcomLatencyMs: step.calcomLatencyMs,
      ...(step.via === undefined ? {} : { via: step.via }),
    };
  });
  steps.forEach((step, i) => {
    if (i > 0 && step.atMs < steps[i - 1].atMs) {
      throw source.error(['steps', i, 'at'], `${raw.steps[i].at} is earlier than step ${i - 1} (${raw.steps[i - 1].at}); steps must be in time order`);
    }
  });
  const { system, stackFile, variants, layers } = resolveSystemFields(source, raw.system, raw.stack, options.system);
  if (!raw.allowImpossible && !options.allowImpossible) checkSlotsPossible(source, steps, world, calendar);
  return {
    name: raw.name,
    description: raw.description,
    file,
    timezone: raw.timezone,
    profile: raw.profile,
    ...(system ? { system } : {}),
    ...(stackFile ? { stackFile } : {}),
    startMs,
    world,
    steps,
    tieBreaks: raw.tieBreaks,
    expect: parseExpectations(source, source.entriesAt(['expect'], z.array(z.unknown())), steps.length, { variants, layers }),
  };
}

/** `today HH:MM`, `tomorrow HH:MM` or `+Nd HH:MM`: a slot on the start date or N days after it. */
const RELATIVE_SLOT = /^(today|tomorrow|\+(\d{1,3})d) (\d{2}:\d{2})$/;

/** A slot as `YYYY-MM-DD HH:MM`: relative forms resolved against the scenario's start date, others as written. */
function absoluteSlot(text: string, start: LocalTime): string {
  const m = RELATIVE_SLOT.exec(text);
  if (!m) return text;
  const days = m[1] === 'today' ? 0 : m[1] === 'tomorrow' ? 1 : Number(m[2]);
  return `${ymd(calendarDate(start, days))} ${m[3]}`;
}

/** The calendar date `days` after `start`'s (UTC arithmetic on the date alone: no zone shifts a date). */
function calendarDate(start: LocalTime, days: number): LocalTime {
  const date = new Date(Date.UTC(start.year, start.month - 1, start.day + days));
  return { ...start, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** The one service a step reaches: the only one, or the one its company/branch name. */
function pickService(
  source: YamlSource,
  at: FieldPath,
  world: WorldConfig,
  company: number | string | undefined,
  branch: number | string | undefined,
): number {
  const same = (a: unknown, b: unknown) => b === undefined || String(a) === String(b);
  const matches = world.services.flatMap((s, i) => (same(s.company, company) && same(s.branch, branch) ? [i] : []));
  if (matches.length === 1) return matches[0];
  const list = world.services.map(describeService).join('; ');
  if (matches.length === 0) {
    const field = company !== undefined ? 'company' : 'branch';
    throw source.error([...at, field], `no service with ${field} ${quote(company ?? branch)} (services: ${clip(list)})`);
  }
  throw source.error(at, `${matches.length} services match; give company (and branch) to pick one (services: ${clip(list)})`);
}

const describeService = (s: Service) => `company ${s.company} branch ${s.branch} team ${s.team} eventType ${s.eventType}`;

/** A step expectation's layer names are the system's (`layer1`, `layer2`, or a stack file's own). */
function layerProblem(parsed: Expectation, layers: readonly string[]): { field: string; message: string } | null {
  if (!('step' in parsed)) return null;
  for (const [field, allowed] of [['servedBy', [...layers, 'calcom']], ['staleLayer', layers]] as const) {
    const name = parsed[field];
    if (name != null && !allowed.includes(name)) return { field, message: `unknown layer ${quote(name)}${didYouMean(name, allowed)}; expected one of ${allowed.join(', ')}` };
  }
  return null;
}

function parseExpectations(source: YamlSource, expect: ReadonlyMap<string, unknown[]>, stepCount: number, { variants: variantNames, layers }: SystemNames): Record<string, Expectation[]> {
  const result: Record<string, Expectation[]> = Object.create(null); // keyed by variant names, `constructor` and `__proto__` too
  for (const [variant, entries] of expect) {
    if (!(variantNames as readonly string[]).includes(variant)) {
      throw source.error(['expect', variant], `unknown variant ${quote(variant)}${didYouMean(variant, variantNames)}; expected one of ${variantNames.join(', ')}`);
    }
    result[variant] = entries.map((entry, i) => {
      const path = ['expect', variant, i];
      const parsed = source.parseWith(expectationSchemaOf(entry), entry, path) as Expectation;
      if ('step' in parsed && parsed.step >= stepCount) throw source.error([...path, 'step'], `no step ${parsed.step}; steps are 0..${stepCount - 1}`);
      const problem = 'property' in parsed ? propertyProblem(parsed.property) : null;
      if (problem) throw source.error([...path, 'property'], problem);
      const wrongLayer = layerProblem(parsed, layers);
      if (wrongLayer) throw source.error([...path, wrongLayer.field], wrongLayer.message);
      return parsed;
    });
  }
  return result;
}
