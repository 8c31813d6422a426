import { ymdHis, type ZonedCalendar } from '../core/zonedTime.ts';
import { InputError } from '../inputError.ts';
import type { BookingFunction, Outcome, ServedBy, StepAction } from '../core/vocabulary.ts';
import { defaultWorld } from '../worldConfig.ts';
import { describeSource, MAX_STEPS, type CalcomBooking, type CallAction, type Endpoint, type ExplicitExternalBooking, type SkipCounts } from './importRecords.ts';

/**
 * Puts the app's calls and Cal.com's bookings on one time line. A Cal.com booking is the agent's own when
 * its event type and start equal a call's booking slot and Cal.com made it within that call's time span
 * (plus MATCH_SLACK_MS for Cal.com's clock and the webhook); any other booking was made on Cal.com's own
 * page and becomes an `external_booking` step.
 */

export const MATCH_SLACK_MS = 120_000;
/**
 * A booking made before --from for a slot from --from on is Cal.com's state when the window opens; made
 * longer ago than this, it is placed this long before --from (its webhook and any cache entry it touched
 * have long expired; a scenario need not start days early).
 */
export const BEFORE_WINDOW_MS = 3_600_000;

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
  /** Where records left out (by window, event type, call) are counted. */
  readonly skips: SkipCounts;
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
  /** For a booking: the app function that logged it. */
  readonly via?: BookingFunction;
  /** For a check: where its answer came from, as the log shows it (a cache hit by its timing). */
  readonly servedBy?: ServedBy;
  /** The times the agent offered instead, `HH:MM`, as the finder logged them. */
  readonly alternatives?: readonly string[];
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
  /** What the user should hear about even though the import went on (a window that selects no call). */
  readonly warnings: readonly string[];
}

export interface MergeInput {
  readonly calls: readonly CallAction[];
  readonly bookings: readonly CalcomBooking[];
  readonly externals: readonly ExplicitExternalBooking[];
}

export function mergeTimeline(input: MergeInput, options: MergeOptions): MergedTimeline {
  const notes: string[] = [];
  const bookings = oneBookingPerUid(input.bookings, notes);
  resolveEventTypes(input, options, notes);
  const owners = matchBookings(input.calls, bookings);
  const webhookDelay = medianDelay(bookings);
  checkCallIds(input.calls, options);
  const kept = input.calls.filter((a) => leftOutBy(a, options) === undefined);
  for (const a of input.calls) {
    const reason = leftOutBy(a, options);
    if (reason) options.skips.skip(`call actions left out by ${reason}`);
  }
  kept.forEach((a) => checkSlotAfterAsking(a, options.zone));
  const externalDelayMs = webhookDelay?.ms ?? defaultWorld.webhooks.delayMs;
  const pageBookings = externalSteps({ ...input, bookings }, owners, new Set(kept), externalDelayMs, options);
  const steps = labelSteps(kept, pageBookings, options);
  const warnings = kept.length === 0 && input.calls.length > 0 ? [noCallWarning(input.calls, options)] : [];
  if (steps.length === 0) throw new InputError(`--from/--to/--call/--event-type: no step of the records is left; expected a window and calls that hold at least one step (${callSpan(input.calls, options.zone)})`);
  if (steps.length > MAX_STEPS) throw new InputError(`${steps.length} steps; expected at most ${MAX_STEPS} (narrow the import with --from/--to or --call)`);
  const triggers = bookings.flatMap((b) => (b.trigger ? [b.trigger] : []));
  const status = kept.find((a) => a.conflictStatus === 400 || a.conflictStatus === 409)?.conflictStatus as 400 | 409 | undefined;
  return {
    steps,
    eventTypes: [...new Set(steps.map((s) => s.eventType))],
    webhookDelay,
    eventNameStyle: triggers.some((t) => t.includes('.')) ? 'dotted' : triggers.length ? 'underscore' : undefined,
    conflictStatus: status,
    notes,
    warnings,
  };
}

const inWindow = (ms: number, o: MergeOptions) => (o.fromMs === undefined || ms >= o.fromMs) && (o.toMs === undefined || ms <= o.toMs);

/** The option that leaves a call action out, or undefined when it is kept. */
function leftOutBy(a: CallAction, o: MergeOptions): string | undefined {
  if (o.callIds && !o.callIds.includes(a.callId)) return '--call';
  if (o.eventType !== undefined && a.eventType !== o.eventType) return '--event-type';
  return inWindow(a.atMs, o) ? undefined : '--from/--to';
}

function checkCallIds(calls: readonly CallAction[], options: MergeOptions): void {
  const missing = options.callIds?.filter((id) => !calls.some((a) => a.callId === id)) ?? [];
  if (missing.length) throw new InputError(`--call: no call ${missing.join(', ')} in the records; expected one of ${[...new Set(calls.map((a) => a.callId))].slice(0, 10).join(', ')}`);
}

const localText = (ms: number, zone: ZonedCalendar) => ymdHis(zone.toLocal(ms));

function callSpan(calls: readonly CallAction[], zone: ZonedCalendar): string {
  if (calls.length === 0) return 'the records hold no call';
  const first = calls.reduce((ms, a) => Math.min(ms, a.atMs), Infinity);
  const last = calls.reduce((ms, a) => Math.max(ms, a.atMs), -Infinity);
  return `the records' ${calls.length} call action(s) run ${localText(first, zone)} to ${localText(last, zone)} ${zone.timeZone}`;
}

function noCallWarning(calls: readonly CallAction[], options: MergeOptions): string {
  return `warning: --from/--to/--call/--event-type select none of the calls; ${callSpan(calls, options.zone)} (log times read in --app-timezone); only Cal.com's bookings are imported`;
}

/**
 * One booking per Cal.com uid: its webhook, the webhook's retries and its entry in the bookings list are
 * one booking, made at the earliest `createdAt` and received at the earliest delivery. Said in a note.
 */
function oneBookingPerUid(bookings: readonly CalcomBooking[], notes: string[]): CalcomBooking[] {
  const byUid = new Map<string, CalcomBooking[]>();
  const result: CalcomBooking[] = [];
  for (const b of bookings) {
    const same = b.uid === undefined ? undefined : byUid.get(b.uid);
    if (same) same.push(b);
    else if (b.uid !== undefined) byUid.set(b.uid, [b]);
    if (!same) result.push(b);
  }
  const repeated = [...byUid.values()].filter((list) => list.length > 1);
  if (repeated.length === 0) return result;
  const earliest = (values: (number | undefined)[]) => {
    const known = values.filter((v) => v !== undefined);
    return known.length ? known.reduce((x, y) => Math.min(x, y)) : undefined;
  };
  const merged = new Map(repeated.map((list) => [list[0], { ...list[0], createdMs: earliest(list.map((b) => b.createdMs)), receivedMs: earliest(list.map((b) => b.receivedMs)), trigger: list.find((b) => b.trigger)?.trigger }]));
  const examples = repeated.slice(0, 3).map((list) => list.map((b) => describeSource(b.source)).join(' = ')).join('; ');
  notes.push(`${repeated.length} Cal.com booking(s) read from more than one record (webhook retries, the bookings list), one booking each by its uid: ${examples}${repeated.length > 3 ? '; …' : ''}`);
  return result.map((b) => merged.get(b) ?? b);
}

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

/**
 * Bookings no kept call made: on Cal.com's page, or by a call left out (then said so). Those made in the
 * window are steps at their time; those made before --from for a slot from --from on are Cal.com's state
 * when the window opens, steps before it (at most BEFORE_WINDOW_MS before).
 */
function externalSteps(input: MergeInput, owners: Map<CalcomBooking, CallAction>, kept: Set<CallAction>, delayMs: number, options: MergeOptions): PageBooking[] {
  const fromCalcom = input.bookings.flatMap((b): PageBooking[] => {
    const owner = owners.get(b);
    if (owner && kept.has(owner)) return [];
    const by = owner ? `booked by call ${options.showId(owner.callId)}, left out by ${leftOutBy(owner, options)}` : "booked on Cal.com's own page";
    const when = b.createdMs !== undefined ? 'createdAt' : `webhook received − ${delayMs} ms`;
    return [{ atMs: b.createdMs ?? b.receivedMs! - delayMs, slotMs: b.startMs, eventType: b.eventType, origin: `${by} · ${describeSource(b.source)} (${when})` }];
  });
  const matched = new Set(owners.values());
  const fromLog = input.calls.flatMap((a): PageBooking[] =>
    a.action === 'create_booking' && a.outcome === 'booked' && !kept.has(a) && !matched.has(a)
      ? [{ atMs: a.atMs, slotMs: a.slotMs, eventType: a.eventType!, origin: `booked by call ${options.showId(a.callId)}, left out by ${leftOutBy(a, options)} · ${describeSource(a.source)}` }]
      : [],
  );
  const explicit = input.externals.map((e) => ({
    atMs: e.atMs,
    slotMs: e.slotMs,
    eventType: e.eventType ?? options.eventType ?? defaultWorld.services[0].eventType,
    origin: `booked on Cal.com's own page · ${describeSource(e.source)}`,
  }));
  return [...fromCalcom, ...fromLog, ...explicit].flatMap((p) => {
    const { fromMs } = options;
    const dropped =
      options.eventType !== undefined && p.eventType !== options.eventType
        ? '--event-type'
        : !inWindow(p.atMs, options) && (fromMs === undefined || p.atMs > fromMs || p.slotMs < fromMs)
          ? '--from/--to'
          : undefined;
    if (dropped) options.skips.skip(`Cal.com bookings left out by ${dropped}`);
    if (dropped) return [];
    if (inWindow(p.atMs, options)) return [p];
    const atMs = Math.max(p.atMs, fromMs! - BEFORE_WINDOW_MS);
    const placed = atMs === p.atMs ? '' : `; placed ${BEFORE_WINDOW_MS / 60_000} min before --from`;
    return [{ ...p, atMs, origin: `${p.origin} · made ${localText(p.atMs, options.zone)}, before --from: Cal.com's state${placed}` }];
  });
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
    via: a.via,
    servedBy: a.servedBy,
    alternatives: a.alternatives,
    origin: `${options.showId(a.callId)} · ${describeSource(a.source)} · ${a.endpoint}${a.via ? ` ${a.via}` : ''}`,
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
