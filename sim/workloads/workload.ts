import { basename } from 'node:path';
import { z } from 'zod';
import { readInputFile } from '../inputError.ts';
import { resolveHeader } from '../scenario/fileHeader.ts';
import { resolveSystemFields } from '../scenario/systemFields.ts';
import { resolveWorld, worldSchema } from '../scenario/worldSchema.ts';
import { YamlSource } from '../scenario/yamlSource.ts';
import { daysAhead, durationSeconds, magnitude, probability, ratePerHour } from '../scenario/ranges.ts';
import { limits } from '../limits.ts';
import { quote } from '../inputError.ts';
import type { ProfileName } from '../systems/registry.ts';
import type { WorldConfig } from '../worldConfig.ts';

/** How callers behave, for Monte Carlo runs. */
export interface CallerModel {
  /** Poisson arrival rate of callers, per hour. */
  readonly arrivalsPerHour: number;
  /** The day a caller wants: uniform in [first, last] days after the start date. */
  readonly daysAhead: readonly [number, number];
  /** Relative preference among the business hours (by local hour); hours left out weigh 0 when any is given, else uniform. */
  readonly hourWeights?: Readonly<Record<string, number>>;
  /** Time from the answer to the booking, uniform in [min, max] seconds. */
  readonly thinkSeconds: readonly [number, number];
  /** Share of callers told "available" who then book. */
  readonly bookProbability: number;
  /** Share of callers offered alternatives who book the first one. */
  readonly takeAlternativeProbability: number;
}

/** The two-caller experiment: A checks and books; B asks for the same slot `gapSeconds` after A's answer. */
export interface PairModel {
  readonly gapSeconds: number;
}

export interface Workload {
  readonly name: string;
  readonly file: string;
  readonly timezone: string;
  readonly profile?: ProfileName;
  /** The system under test the file names (`system:`), absent for askproai; a stack's file, resolved against the workload's folder. */
  readonly system?: string;
  readonly stackFile?: string;
  readonly startMs: number;
  /** Simulated time of one run, in ms. */
  readonly durationMs: number;
  readonly world: WorldConfig;
  readonly callers: CallerModel;
  readonly externalBookingsPerHour: number;
  /** Present for the two-caller workload: each run is A and B only. */
  readonly pair?: PairModel;
  /** What one busy day and week are, for the expected events per day and week: by default one day is the workload's duration, and a week 7 such days. */
  readonly busyDay: { readonly hoursPerDay: number; readonly daysPerWeek: number };
  /** How the caller rates were derived from a team's own words, e.g. "bookingsPerHour 270 and checksPerHour 450 → …"; absent when written as racesim's own. */
  readonly derivedRates?: string;
}

const workloadSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  timezone: z.string(),
  profile: z.string().optional(),
  system: z.string().optional(),
  stack: z.string().min(1).optional(),
  start: z.string(),
  duration: z.string(),
  world: worldSchema.optional(),
  callers: z.strictObject({
    arrivalsPerHour: ratePerHour.optional(),
    bookProbability: probability.optional(),
    bookingsPerHour: ratePerHour.optional(),
    checksPerHour: ratePerHour.optional(),
    callersPerHour: ratePerHour.optional(),
    intendToBookProbability: probability.optional(),
    daysAhead: z.tuple([daysAhead, daysAhead]),
    hourWeights: z.record(z.string().regex(/^\d{1,2}$/, 'expected an hour 0..23'), magnitude).optional(),
    thinkSeconds: z.tuple([durationSeconds, durationSeconds]),
    takeAlternativeProbability: probability,
  }),
  externalBookingsPerHour: ratePerHour.optional(),
  pair: z.strictObject({ gapSeconds: durationSeconds }).optional(),
  busyHoursPerDay: z.number().positive().max(24).optional(),
  busyDaysPerWeek: z.number().positive().max(7).optional(),
});

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

export function loadWorkloadFile(path: string): Workload {
  return parseWorkload(readInputFile(path, 'workload file'), path);
}

export function parseWorkload(text: string, file: string): Workload {
  const source = YamlSource.parse(text, file);
  const raw = source.parseWith(workloadSchema);
  const { profile, startMs } = resolveHeader(source, raw);
  const { system, stackFile } = resolveSystemFields(source, raw.system, raw.stack);
  if (stackFile && profile) throw source.error(['profile'], 'the stack system has no profiles; its stack file is its only version');
  const durationMs = parseDuration(source, raw.duration);
  const { arrivalsPerHour, bookProbability, derivedRates } = callerRates(source, raw.callers);
  const callersPerRun = ((arrivalsPerHour + (raw.externalBookingsPerHour ?? 0)) * durationMs) / 3_600_000;
  if (callersPerRun > limits.callersPerRun) {
    throw source.error(['callers', 'arrivalsPerHour'], `(arrivals + external bookings per hour) × duration brings ${Math.round(callersPerRun)} callers per run; expected at most ${limits.callersPerRun}`);
  }
  const { daysAhead, thinkSeconds, hourWeights, takeAlternativeProbability } = raw.callers;
  if (daysAhead[0] > daysAhead[1]) throw source.error(['callers', 'daysAhead'], 'expected [first, last] with first ≤ last');
  if (thinkSeconds[0] > thinkSeconds[1]) throw source.error(['callers', 'thinkSeconds'], 'expected [min, max] with min ≤ max');
  for (const hour of Object.keys(raw.callers.hourWeights ?? {})) {
    if (Number(hour) > 23) throw source.error(['callers', 'hourWeights', hour], 'expected an hour 0..23');
  }
  const world = resolveWorld(raw.world, source, ['world']);
  const weights = raw.callers.hourWeights;
  const { open, close } = world.businessHours;
  if (weights && !Object.entries(weights).some(([hour, w]) => w > 0 && Number(hour) * 60 + 59 >= open && Number(hour) * 60 < close)) {
    throw source.error(['callers', 'hourWeights'], `no business hour (${open / 60}–${close / 60}) has a weight above 0; callers would have no slot to want`);
  }
  return {
    name: raw.name,
    file,
    timezone: raw.timezone,
    profile,
    ...(system ? { system } : {}),
    ...(stackFile ? { stackFile } : {}),
    startMs,
    durationMs,
    world,
    callers: { arrivalsPerHour, bookProbability, daysAhead, hourWeights, thinkSeconds, takeAlternativeProbability },
    externalBookingsPerHour: raw.externalBookingsPerHour ?? 0,
    pair: raw.pair,
    busyDay: { hoursPerDay: raw.busyHoursPerDay ?? durationMs / 3_600_000, daysPerWeek: raw.busyDaysPerWeek ?? 7 },
    derivedRates,
  };
}

/**
 * The three ways a workload may say how many callers come and how many book: racesim's own, and two in a
 * team's words. Each caller checks once, so checks are arrivals and bookings / checks is the share who
 * book when told "available"; callers who intend to book are those who book when told "available".
 */
const rateForms = [
  { fields: ['arrivalsPerHour', 'bookProbability'], derive: (a: number, b: number) => [a, b] },
  { fields: ['bookingsPerHour', 'checksPerHour'], derive: (bookings: number, checks: number) => [checks, checks === 0 ? 0 : bookings / checks] },
  { fields: ['callersPerHour', 'intendToBookProbability'], derive: (callers: number, intend: number) => [callers, intend] },
] as const;

type RateFields = Partial<Record<(typeof rateForms)[number]['fields'][number], number>>;

/** Arrivals and book probability from whichever one form the workload uses; two forms, or half of one, is bad input naming the fields. */
function callerRates(source: YamlSource, callers: RateFields): { arrivalsPerHour: number; bookProbability: number; derivedRates?: string } {
  const given = (field: keyof RateFields) => callers[field] !== undefined;
  const used = rateForms.filter((form) => form.fields.some(given));
  const expected = `expected one of ${rateForms.map((form) => form.fields.join(' + ')).join(', or ')}`;
  if (used.length > 1) {
    const fields = used.flatMap((form) => form.fields.filter(given));
    throw source.error(['callers', fields[fields.length - 1]], `${fields.join(', ')} mix two ways of saying the caller rates; ${expected}`);
  }
  if (used.length === 0) throw source.error(['callers'], `no caller rates; ${expected}`);
  const [form] = used;
  const missing = form.fields.find((field) => !given(field));
  if (missing) throw source.error(['callers', form.fields.find(given)!], `${missing} is missing; ${form.fields.join(' + ')} go together`);
  const [first, second] = form.fields.map((field) => callers[field]!);
  if (form === rateForms[1] && first > second) throw source.error(['callers', 'bookingsPerHour'], `${first} bookings per hour from ${second} checks per hour; every booking follows a check, so expected at most ${second}`);
  const [arrivalsPerHour, bookProbability] = form.derive(first, second);
  if (form === rateForms[0]) return { arrivalsPerHour, bookProbability };
  return { arrivalsPerHour, bookProbability, derivedRates: `${form.fields[0]} ${first} and ${form.fields[1]} ${second} → arrivalsPerHour ${arrivalsPerHour}, bookProbability ${Number(bookProbability.toPrecision(6))}` };
}

/** `duration: "90s" | "30m" | "4h"`, in ms, more than 0 and at most `limits.durationMs`. */
function parseDuration(source: YamlSource, text: string): number {
  const m = /^(\d{1,9}(?:\.\d{1,9})?)(s|m|h)$/.exec(text);
  const ms = m ? Math.round(Number(m[1]) * UNIT_MS[m[2]]) : NaN;
  if (!(ms > 0 && ms <= limits.durationMs)) {
    throw source.error(['duration'], `expected a positive duration such as "90s", "30m" or "4h", at most ${limits.durationMs / 3_600_000}h, got ${quote(text)}`);
  }
  return ms;
}

/** Says on standard error how the caller rates were derived, when the workload gave them in a team's words. */
export function noteDerivedRates(workload: Workload): void {
  if (workload.derivedRates) console.error(`${workload.name}: ${workload.derivedRates}`);
}

/** The workload's short name for report folders: its file name without `.yaml`. */
export const workloadSlug = (workload: Workload) => basename(workload.file).replace(/\.ya?ml$/, '');
