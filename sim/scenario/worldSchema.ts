import { z } from 'zod';
import { isKnownTimeZone } from '../core/zonedTime.ts';
import { quote } from '../inputError.ts';
import { limits } from '../limits.ts';
import { checkEndpoints, defaultWorld, webhookRoutes, type WorldConfig } from '../worldConfig.ts';
import { count, durationMinutes, durationMs, durationSeconds, integer, magnitude, probability } from './ranges.ts';
import type { FieldPath, YamlSource } from './yamlSource.ts';

/** The `world:` block of scenario and workload files; every field optional, defaults from `defaultWorld`. */
const clockTime = z.string().regex(/^\d{2}:\d{2}$/, 'expected "HH:MM"');
const id = z.union([integer, z.string(), z.null()]);
/** Minutes of a Cal.com event type's rule: whole minutes, at most a week. */
const ruleMinutes = z.number().int().min(0).max(7 * 1440);

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
      /** Cal.com's hosts, each with the event type ids it serves (a booking of one blocks the host's overlapping slots of all). */
      hosts: z
        .array(z.strictObject({ name: z.string().min(1).max(100), eventTypes: z.array(count.positive()).min(1).max(limits.services) }))
        .max(limits.services)
        .optional(),
      /** Per event type: length, buffers and minimum booking notice, in minutes (Cal.com's field names). */
      eventTypes: z
        .array(
          z.strictObject({
            id: count.positive(),
            lengthInMinutes: ruleMinutes.positive().optional(),
            beforeEventBuffer: ruleMinutes.optional(),
            afterEventBuffer: ruleMinutes.optional(),
            minimumBookingNotice: ruleMinutes.optional(),
          }),
        )
        .max(limits.services)
        .optional(),
    })
    .optional(),
  webhooks: z
    .strictObject({
      enabled: z.boolean().optional(),
      delayMs: durationMs.optional(),
      eventNameStyle: z.enum(['underscore', 'dotted']).optional(),
      /** How payload.startTime/endTime are written: with milliseconds (`…00.000Z`) or without (`…00Z`). */
      timeFormat: z.enum(['milliseconds', 'seconds']).optional(),
      /** The app's routes each webhook is posted to, once per route. */
      routes: z.array(z.enum(webhookRoutes)).min(1).max(webhookRoutes.length).optional(),
      /** The addresses Cal.com's webhooks come from (the throttle counts per address). */
      senderIps: z.array(z.string().min(1).max(100)).min(1).max(limits.services).optional(),
    })
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
  const services =
    w.services?.map((s) => ({
      company: s.company ?? null,
      branch: s.branch ?? null,
      ...(s.callBranch === undefined ? {} : { callBranch: s.callBranch }),
      team: s.team ?? null,
      eventType: s.eventType,
    })) ?? defaultWorld.services;
  const slotMinutes = w.slotMinutes ?? defaultWorld.slotMinutes;
  return {
    services,
    slotMinutes,
    businessHours,
    calcom: resolveCalcom(w.calcom, new Set(services.map((s) => s.eventType)), slotMinutes, source, [...at, 'calcom']),
    webhooks: resolveWebhooks(w.webhooks, source, [...at, 'webhooks']),
    ttlSeconds: { ...defaultWorld.ttlSeconds, ...w.ttl },
    queueDelayMs: w.queueDelayMs ?? defaultWorld.queueDelayMs,
    faults: { ...defaultWorld.faults, ...w.faults },
    appTimezone: w.appTimezone ?? defaultWorld.appTimezone,
    checkEndpoint: w.checkEndpoint ?? defaultWorld.checkEndpoint,
    callerTimezone: w.callerTimezone ?? defaultWorld.callerTimezone,
  };
}

/** Cal.com's block with its defaults; hosts and rules may name only the services' event types, each once. */
function resolveCalcom(block: WorldBlock['calcom'], eventTypes: ReadonlySet<number>, slotMinutes: number, source: YamlSource, at: FieldPath): WorldConfig['calcom'] {
  const { hosts = [], eventTypes: rules = [], ...rest } = block ?? {};
  const unknown = (eventType: number, path: FieldPath) => {
    if (!eventTypes.has(eventType)) throw source.error(path, `event type ${eventType} is no service's (services book ${[...eventTypes].join(', ')})`);
  };
  const names = new Set<string>();
  hosts.forEach((host, i) => {
    if (names.has(host.name)) throw source.error([...at, 'hosts', i, 'name'], `host ${quote(host.name)} is named twice`);
    names.add(host.name);
    host.eventTypes.forEach((eventType, k) => unknown(eventType, [...at, 'hosts', i, 'eventTypes', k]));
  });
  const ruled = new Set<number>();
  const resolved = rules.map((rule, i) => {
    unknown(rule.id, [...at, 'eventTypes', i, 'id']);
    if (ruled.has(rule.id)) throw source.error([...at, 'eventTypes', i, 'id'], `event type ${rule.id} has rules twice`);
    ruled.add(rule.id);
    return {
      id: rule.id,
      lengthInMinutes: rule.lengthInMinutes ?? slotMinutes,
      beforeEventBuffer: rule.beforeEventBuffer ?? 0,
      afterEventBuffer: rule.afterEventBuffer ?? 0,
      minimumBookingNotice: rule.minimumBookingNotice ?? 0,
    };
  });
  return { ...defaultWorld.calcom, ...rest, hosts, eventTypes: resolved };
}

/** The webhook block with its defaults; each route and sender address once. */
function resolveWebhooks(block: WorldBlock['webhooks'], source: YamlSource, at: FieldPath): WorldConfig['webhooks'] {
  for (const field of ['routes', 'senderIps'] as const) {
    const list: readonly string[] = block?.[field] ?? [];
    const twice = list.findIndex((item, i) => list.indexOf(item) !== i);
    if (twice >= 0) throw source.error([...at, field, twice], `${quote(list[twice])} is listed twice`);
  }
  return { ...defaultWorld.webhooks, ...block };
}
