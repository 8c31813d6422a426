import { ymdHis, type ZonedCalendar } from '../core/zonedTime.ts';
import { InputError } from '../inputError.ts';
import type { Outcome, StepAction } from '../core/vocabulary.ts';
import { defaultWorld } from '../worldConfig.ts';
import { describeSource, MAX_STEPS, type CalcomBooking, type CallAction, type Endpoint, type ExplicitExternalBooking } from './importRecords.ts';

/**
 * Puts the app's calls and Cal.com's bookings on one time line. A Cal.com booking is the agent's own when
 * its event type and start equal a call's booking slot and Cal.com made it within that call's time span
 * (plus MATCH_SLACK_MS for Cal.com's clock and the webhook); any other booking was made on Cal.com's own
 * page and becomes an `external_booking` step.
 */

export const MATCH_SLACK_MS = 120_000;

export interface MergeOptions {
  readonly zone: ZonedCalendar;
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Only these calls (original ids); bookings of the others become external bookings. */
  readonly callIds?: readonly string[];
  /** Only this event type; also the event type of calls whose lines name none. */
  readonly eventType?: number;
  /** How a call id is written (itself, or its hash with --hash-ids). */
  readonly showId: (callId: string) => string;
}

export interface MergedStep {
  readonly atMs: number;
  readonly caller: string;
  readonly action: StepAction;
  readonly slotMs: number;
  readonly eventType: number;
  readonly latencyMs?: number;
  readonly outcome?: Outcome;
  /** The app's controller that handled the call (none for a booking on Cal.com's page). */
  readonly endpoint?: Endpoint;
  /** Where the step came from, for the comment beside it: call id (as shown), file and line, controller. */
  readonly origin: string;
}

export interface MergedTimeline {
  readonly steps: readonly MergedStep[];
  /** Event types in the order of their first step: the world's services. */
  readonly eventTypes: readonly number[];
  /** Median delay from Cal.com's `createdAt` to the app receiving the webhook, with its sample range. */
  readonly webhookDelay?: { readonly ms: number; readonly samples: number; readonly min: number; readonly max: number };
  readonly eventNameStyle?: 'dotted' | 'underscore';
  readonly conflictStatus?: 400 | 409;
  /** What the import had to assume, for the scenario's header comment. */
  readonly notes: readonly string[];
}

export interface MergeInput {
  readonly calls: readonly CallAction[];
  readonly bookings: readonly CalcomBooking[];
  readonly externals: readonly ExplicitExternalBooking[];
}

export function mergeTimeline(input: MergeInput, options: MergeOptions): MergedTimeline {
  const notes: string[] = [];
  resolveEventTypes(input, options, notes);
  const owners = matchBookings(input.calls, input.bookings);
  const webhookDelay = medianDelay(input.bookings);
  const kept = input.calls.filter((a) => inWindow(a.atMs, options) && (options.eventType === undefined || a.eventType === options.eventType) && (!options.callIds || options.callIds.includes(a.callId)));
  if (options.callIds) {
    const missing = options.callIds.filter((id) => !input.calls.some((a) => a.callId === id));
    if (missing.length) throw new InputError(`--call: no call ${missing.join(', ')} in the records; expected one of ${[...new Set(input.calls.map((a) => a.callId))].slice(0, 10).join(', ')}`);
  }
  kept.forEach((a) => checkSlotAfterAsking(a, options.zone));
  const externalDelayMs = webhookDelay?.ms ?? defaultWorld.webhooks.delayMs;
  const pageBookings = externalSteps(input, owners, new Set(kept), externalDelayMs, options);
  const steps = labelSteps(kept, pageBookings, options);
  if (steps.length === 0) throw new InputError('--from/--to/--call/--event-type: no step of the records is left; expected a window and calls that hold at least one step');
  if (steps.length > MAX_STEPS) throw new InputError(`${steps.length} steps; expected at most ${MAX_STEPS} (narrow the import with --from/--to or --call)`);
  const triggers = input.bookings.flatMap((b) => (b.trigger ? [b.trigger] : []));
  const status = kept.find((a) => a.conflictStatus === 400 || a.conflictStatus === 409)?.conflictStatus as 400 | 409 | undefined;
  return {
    steps,
    eventTypes: [...new Set(steps.map((s) => s.eventType))],
    webhookDelay,
    eventNameStyle: triggers.some((t) => t.includes('.')) ? 'dotted' : triggers.length ? 'underscore' : undefined,
    conflictStatus: status,
    notes,
  };
}

const inWindow = (ms: number, o: MergeOptions) => (o.fromMs === undefined || ms >= o.fromMs) && (o.toMs === undefined || ms <= o.toMs);

/** Calls whose lines name no event type (the API controller logs none) take --event-type, else Cal.com's only one, else the default. */
function resolveEventTypes(input: MergeInput, options: MergeOptions, notes: string[]): void {
  const unnamed = input.calls.filter((a) => a.eventType === undefined);
  if (unnamed.length === 0) return;
  const calcomTypes = [...new Set(input.bookings.map((b) => b.eventType))];
  const [eventType, why] =
    options.eventType !== undefined
      ? [options.eventType, '--event-type']
      : calcomTypes.length === 1
        ? [calcomTypes[0], "the only event type in Cal.com's records"]
        : [defaultWorld.services[0].eventType, "racesim's default (give --event-type)"];
  for (const a of unnamed) a.eventType = eventType;
  notes.push(`event type ${eventType} for ${unnamed.length} call line(s) that name none: from ${why}`);
}

/** Which agent booking each Cal.com booking is; a matched booking also confirms the agent's booking succeeded. */
function matchBookings(calls: readonly CallAction[], bookings: readonly CalcomBooking[]): Map<CalcomBooking, CallAction> {
  const spans = new Map<string, { first: number; last: number }>();
  for (const a of calls) {
    const span = spans.get(a.callId);
    spans.set(a.callId, { first: Math.min(span?.first ?? a.atMs, a.atMs), last: Math.max(span?.last ?? a.atMs, a.atMs) });
  }
  const owners = new Map<CalcomBooking, CallAction>();
  const taken = new Set<CallAction>();
  for (const booking of bookings) {
    const madeAt = booking.createdMs ?? booking.receivedMs!;
    const candidates = calls.filter((a) => {
      const span = spans.get(a.callId)!;
      const inSpan = madeAt >= span.first - 1000 && madeAt <= span.last + MATCH_SLACK_MS;
      return a.action === 'create_booking' && !taken.has(a) && a.eventType === booking.eventType && a.slotMs === booking.startMs && inSpan;
    });
    const rejected = (a: CallAction) => a.outcome === 'conflict' || a.outcome === 'error';
    const owner = candidates.sort((x, y) => Number(rejected(x)) - Number(rejected(y)) || Math.abs(x.atMs - madeAt) - Math.abs(y.atMs - madeAt))[0];
    if (!owner || rejected(owner)) continue;
    owners.set(booking, owner);
    taken.add(owner);
    owner.outcome ??= 'booked';
  }
  return owners;
}

function medianDelay(bookings: readonly CalcomBooking[]): MergedTimeline['webhookDelay'] {
  const delays = bookings.flatMap((b) => (b.receivedMs !== undefined && b.createdMs !== undefined && b.receivedMs >= b.createdMs ? [b.receivedMs - b.createdMs] : [])).sort((a, b) => a - b);
  if (delays.length === 0) return undefined;
  return { ms: delays[Math.floor((delays.length - 1) / 2)], samples: delays.length, min: delays[0], max: delays[delays.length - 1] };
}

function checkSlotAfterAsking(a: CallAction, zone: ZonedCalendar): void {
  if (a.slotMs >= a.atMs) return;
  const local = (ms: number) => ymdHis(zone.toLocal(ms));
  throw new InputError(`${describeSource(a.source)}: slot ${local(a.slotMs).slice(0, 16)} is before the ${a.action} at ${local(a.atMs)} (${zone.timeZone}); expected a slot after the time it was asked for`);
}

interface PageBooking {
  readonly atMs: number;
  readonly slotMs: number;
  readonly eventType: number;
  readonly origin: string;
}

/** Bookings no kept call made: made on Cal.com's page, or by a call left out by --call (then said so). */
function externalSteps(input: MergeInput, owners: Map<CalcomBooking, CallAction>, kept: Set<CallAction>, delayMs: number, options: MergeOptions): PageBooking[] {
  const fromCalcom = input.bookings.flatMap((b): PageBooking[] => {
    const owner = owners.get(b);
    if (owner && kept.has(owner)) return [];
    const atMs = b.createdMs ?? b.receivedMs! - delayMs;
    const by = owner ? `booked by call ${options.showId(owner.callId)}, left out by --call` : "booked on Cal.com's own page";
    const when = b.createdMs !== undefined ? 'createdAt' : `webhook received − ${delayMs} ms`;
    return [{ atMs, slotMs: b.startMs, eventType: b.eventType, origin: `${by} · ${describeSource(b.source)} (${when})` }];
  });
  const explicit = input.externals.map((e) => ({
    atMs: e.atMs,
    slotMs: e.slotMs,
    eventType: e.eventType ?? options.eventType ?? defaultWorld.services[0].eventType,
    origin: `booked on Cal.com's own page · ${describeSource(e.source)}`,
  }));
  return [...fromCalcom, ...explicit].filter((p) => inWindow(p.atMs, options) && (options.eventType === undefined || p.eventType === options.eventType));
}

/** Steps in time order (records of one instant keep their file order); callers A, B, … by first step. */
function labelSteps(kept: readonly CallAction[], pages: readonly PageBooking[], options: MergeOptions): MergedStep[] {
  const labels = new Map<string, string>();
  const labelOf = (callId: string) => {
    if (!labels.has(callId)) labels.set(callId, callerLabel(labels.size));
    return labels.get(callId)!;
  };
  const byTime = [...kept].sort((a, b) => a.atMs - b.atMs);
  const callSteps = byTime.map((a): MergedStep => ({
    atMs: a.atMs,
    caller: labelOf(a.callId),
    action: a.action,
    slotMs: a.slotMs,
    eventType: a.eventType!,
    latencyMs: a.latencyMs,
    outcome: a.outcome,
    endpoint: a.endpoint,
    origin: `${options.showId(a.callId)} · ${describeSource(a.source)} · ${a.endpoint}`,
  }));
  const pageSteps = [...pages]
    .sort((a, b) => a.atMs - b.atMs)
    .map((p, i): MergedStep => ({ atMs: p.atMs, caller: `page-${i + 1}`, action: 'external_booking', slotMs: p.slotMs, eventType: p.eventType, origin: p.origin }));
  return [...callSteps, ...pageSteps].sort((a, b) => a.atMs - b.atMs);
}

/** A, B, …, Z, AA, AB, … */
function callerLabel(n: number): string {
  return n < 26 ? String.fromCharCode(65 + n) : callerLabel(Math.floor(n / 26) - 1) + callerLabel(n % 26);
}
