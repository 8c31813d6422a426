import { basename } from 'node:path';
import { z } from 'zod';
import { readInputFile } from '../inputError.ts';
import { resolveHeader } from '../scenario/fileHeader.ts';
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
  readonly startMs: number;
  /** Simulated time of one run, in ms. */
  readonly durationMs: number;
  readonly world: WorldConfig;
  readonly callers: CallerModel;
  readonly externalBookingsPerHour: number;
  /** Present for the two-caller workload: each run is A and B only. */
  readonly pair?: PairModel;
}

const workloadSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  timezone: z.string(),
  profile: z.string().optional(),
  start: z.string(),
  duration: z.string(),
  world: worldSchema.optional(),
  callers: z.strictObject({
    arrivalsPerHour: ratePerHour,
    daysAhead: z.tuple([daysAhead, daysAhead]),
    hourWeights: z.record(z.string().regex(/^\d{1,2}$/, 'expected an hour 0..23'), magnitude).optional(),
    thinkSeconds: z.tuple([durationSeconds, durationSeconds]),
    bookProbability: probability,
    takeAlternativeProbability: probability,
  }),
  externalBookingsPerHour: ratePerHour.optional(),
  pair: z.strictObject({ gapSeconds: durationSeconds }).optional(),
});

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

export function loadWorkloadFile(path: string): Workload {
  return parseWorkload(readInputFile(path, 'workload file'), path);
}

export function parseWorkload(text: string, file: string): Workload {
  const source = YamlSource.parse(text, file);
  const raw = source.parseWith(workloadSchema);
  const { profile, startMs } = resolveHeader(source, raw);
  const durationMs = parseDuration(source, raw.duration);
  const callersPerRun = ((raw.callers.arrivalsPerHour + (raw.externalBookingsPerHour ?? 0)) * durationMs) / 3_600_000;
  if (callersPerRun > limits.callersPerRun) {
    throw source.error(['callers', 'arrivalsPerHour'], `(arrivals + external bookings per hour) × duration brings ${Math.round(callersPerRun)} callers per run; expected at most ${limits.callersPerRun}`);
  }
  const { daysAhead, thinkSeconds } = raw.callers;
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
    startMs,
    durationMs,
    world,
    callers: { ...raw.callers, daysAhead, thinkSeconds },
    externalBookingsPerHour: raw.externalBookingsPerHour ?? 0,
    pair: raw.pair,
  };
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

/** The workload's short name for report folders: its file name without `.yaml`. */
export const workloadSlug = (workload: Workload) => basename(workload.file).replace(/\.ya?ml$/, '');
