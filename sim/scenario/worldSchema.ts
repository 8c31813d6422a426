import { z } from 'zod';
import { isKnownTimeZone } from '../core/zonedTime.ts';
import { quote } from '../inputError.ts';
import { limits } from '../limits.ts';
import { checkEndpoints, defaultWorld, type WorldConfig } from '../worldConfig.ts';
import { count, durationMinutes, durationMs, durationSeconds, integer, magnitude, probability } from './ranges.ts';
import type { FieldPath, YamlSource } from './yamlSource.ts';

/** The `world:` block of scenario and workload files; every field optional, defaults from `defaultWorld`. */
const clockTime = z.string().regex(/^\d{2}:\d{2}$/, 'expected "HH:MM"');
const id = z.union([integer, z.string(), z.null()]);

export const worldSchema = z.strictObject({
  services: z
    .array(
      z.strictObject({
        company: id.optional(),
        branch: id.optional(),
        callBranch: id.optional(),
        team: integer.nullable().optional(),
        eventType: count.positive(),
      }),
    )
    .min(1)
    .max(limits.services)
    .optional(),
  slotMinutes: z.number().int().positive().max(1440).optional(),
  businessHours: z.strictObject({ open: clockTime, close: clockTime }).optional(),
  calcom: z
    .strictObject({
      latencyMs: z.union([durationMs, z.strictObject({ min: durationMs, max: durationMs })]).optional(),
      conflictStatus: z.union([z.literal(400), z.literal(409)]).optional(),
      reservationMinutes: durationMinutes.optional(),
    })
    .optional(),
  webhooks: z
    .strictObject({ enabled: z.boolean().optional(), delayMs: durationMs.optional(), eventNameStyle: z.enum(['underscore', 'dotted']).optional() })
    .optional(),
  ttl: z.strictObject({ layer1: durationSeconds.int().optional(), layer2: durationSeconds.int().optional() }).optional(),
  queueDelayMs: durationMs.optional(),
  appTimezone: z.string().optional(),
  callerTimezone: z.string().optional(),
  checkEndpoint: z.enum(checkEndpoints).optional(),
  faults: z
    .strictObject({
      webhookLossProbability: probability.optional(),
      webhookDuplicateProbability: probability.optional(),
      webhookDuplicateDelayMs: durationMs.optional(),
      webhookJitterMs: durationMs.optional(),
      calcomErrorProbability: probability.optional(),
      calcomTimeoutProbability: probability.optional(),
      calcomTimeoutMs: durationMs.optional(),
      rateLimitPerMinute: magnitude.int().optional(),
      layer2ForgetFailureProbability: probability.optional(),
      doubleBookingWindowMs: durationMs.optional(),
    })
    .optional(),
});

export type WorldBlock = z.output<typeof worldSchema>;

/** Fills the defaults and checks what a schema cannot: real clock times, open before close, a known zone. */
export function resolveWorld(block: WorldBlock | undefined, source: YamlSource, at: FieldPath): WorldConfig {
  const w = block ?? {};
  const minutes = (field: 'open' | 'close') => {
    const text = w.businessHours![field];
    const [h, m] = text.split(':').map(Number);
    if (h > 24 || m > 59 || (h === 24 && m > 0)) throw source.error([...at, 'businessHours', field], `${text} is not a time of day (expected "HH:MM", 00:00–24:00)`);
    return h * 60 + m;
  };
  const businessHours = w.businessHours ? { open: minutes('open'), close: minutes('close') } : defaultWorld.businessHours;
  if (businessHours.open >= businessHours.close) throw source.error([...at, 'businessHours'], 'expected open earlier than close');
  const latency = w.calcom?.latencyMs;
  if (typeof latency === 'object' && latency.min > latency.max) throw source.error([...at, 'calcom', 'latencyMs'], `expected min ≤ max, got ${latency.min} > ${latency.max}`);
  if (w.slotMinutes !== undefined && 1440 % w.slotMinutes !== 0) throw source.error([...at, 'slotMinutes'], `expected a divisor of 1440 (a day), got ${w.slotMinutes}`);
  if (w.appTimezone !== undefined && !isKnownTimeZone(w.appTimezone)) throw source.error([...at, 'appTimezone'], `unknown IANA time zone ${quote(w.appTimezone)}`);
  if (w.callerTimezone !== undefined && !isKnownTimeZone(w.callerTimezone)) throw source.error([...at, 'callerTimezone'], `unknown IANA time zone ${quote(w.callerTimezone)}`);
  return {
    services:
      w.services?.map((s) => ({
        company: s.company ?? null,
        branch: s.branch ?? null,
        ...(s.callBranch === undefined ? {} : { callBranch: s.callBranch }),
        team: s.team ?? null,
        eventType: s.eventType,
      })) ?? defaultWorld.services,
    slotMinutes: w.slotMinutes ?? defaultWorld.slotMinutes,
    businessHours,
    calcom: { ...defaultWorld.calcom, ...w.calcom },
    webhooks: { ...defaultWorld.webhooks, ...w.webhooks },
    ttlSeconds: { ...defaultWorld.ttlSeconds, ...w.ttl },
    queueDelayMs: w.queueDelayMs ?? defaultWorld.queueDelayMs,
    faults: { ...defaultWorld.faults, ...w.faults },
    appTimezone: w.appTimezone ?? defaultWorld.appTimezone,
    checkEndpoint: w.checkEndpoint ?? defaultWorld.checkEndpoint,
    callerTimezone: w.callerTimezone ?? defaultWorld.callerTimezone,
  };
}
