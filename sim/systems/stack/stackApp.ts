import type { Process } from '../../core/simulation.ts';
import { addLocal, instantOfIso, isoUtc, startOfDay, type LocalTime, type ZonedCalendar } from '../../core/zonedTime.ts';
import type { WebhookPayload } from '../../calcom/shapes.ts';
import type { ServedBy, StepAction } from '../../core/vocabulary.ts';
import { remember } from '../../stores/cacheStore.ts';
import { rememberCoalesced } from '../../stores/coalescedRemember.ts';
import type { Service } from '../../worldConfig.ts';
import { agentSentence } from '../agentSpeech.ts';
import type { Alternative, Answer, BookingSystem, CallRequest } from '../bookingSystem.ts';
import type { SystemEnvironment } from '../systemPlugin.ts';
import type { StackDefinition, StackRead, StackVariant } from './stackDefinition.ts';
import { forgetKeys } from './stackInvalidation.ts';
import { daysSpanned, entryKey, readSpan, spanOfKind, tenantPart, windowSpan, type Span } from './stackKeys.ts';

/** Counters the stack keeps as it runs, per layer name. */
export interface StackStats {
  readonly hits: Record<string, number>;
  readonly misses: Record<string, number>;
  keysForgotten: number;
  invalidations: number;
}

/** What one read of a layer found: the free slots (ISO UTC) of the days it spans, or null when Cal.com failed. */
interface Lookup {
  readonly times: readonly string[] | null;
  /** The layer on a hit; else what served the fill of the entry's first day. */
  readonly servedBy: ServedBy;
}

const MAX_ALTERNATIVES = 2;

/**
 * A declared cache stack in front of Cal.com, with the seed design's voice flow: a check reads the
 * `check` path; "unavailable" and a rejected booking offer up to two alternatives from the
 * `alternatives` windows; a booking and a webhook forget what the variant's rules say. Cal.com failures
 * are an `error` (there is no circuit breaker).
 */
export class StackApp implements BookingSystem {
  constructor(
    private readonly definition: StackDefinition,
    private readonly variant: StackVariant,
    private readonly env: SystemEnvironment,
    private readonly stats: StackStats,
    /** Laravel's `app.timezone`: decides "today" for the forget rules. */
    private readonly appCalendar: ZonedCalendar,
  ) {}

  *checkAvailability(request: CallRequest): Process<Answer> {
    const { check } = this.definition.reads;
    const lookup = yield* this.read(check.layer, request.service, readSpan(check.key, request.slot), request.latencyMs);
    if (lookup.times === null) return error(lookup.servedBy);
    if (lookup.times.includes(isoUtc(request.slotMs))) return { outcome: 'available', servedBy: lookup.servedBy, alternatives: [] };
    return { outcome: 'unavailable', servedBy: lookup.servedBy, alternatives: yield* this.alternatives(request) };
  }

  *createBooking(request: CallRequest): Process<Answer> {
    const { env } = this;
    const { service } = request;
    const reply = yield* env.network.roundTrip(() => {
      const r = env.calcom.book({ eventTypeId: service.eventType, startMs: request.slotMs, bookedBy: request.caller });
      if (env.tracing) env.note(`calcom.book eventType=${service.eventType} start=${isoUtc(request.slotMs)} -> ${r.httpStatus}`);
      return r;
    }, request.latencyMs);
    if (!reply.ok) return error(null);
    if (reply.value.httpStatus === 201) {
      yield* this.invalidate(this.variant.onBooking, service.eventType, service, 'booking');
      return { outcome: 'booked', servedBy: null, alternatives: [], httpStatus: 201 };
    }
    return { outcome: 'conflict', servedBy: null, alternatives: yield* this.alternatives(request), httpStatus: reply.value.httpStatus };
  }

  /** The agent's cancellation at Cal.com; a stack declares no rule for it, so nothing is cleared but by the webhook. */
  *cancelBooking(request: CallRequest): Process<Answer> {
    const { env } = this;
    const reply = yield* env.network.roundTrip(() => env.calcom.cancel(request.service.eventType, request.slotMs), request.latencyMs);
    if (!reply.ok || !reply.value) return error(null);
    return { outcome: 'cancelled', servedBy: null, alternatives: [], httpStatus: 200 };
  }

  /**
   * The agent's reschedule: the target checked on the `check` path (taken: `unavailable` with
   * alternatives), then moved at Cal.com; a stack declares no rule for it, so only the webhook clears.
   */
  *rescheduleBooking(request: CallRequest): Process<Answer> {
    const { env } = this;
    const checked = yield* this.checkAvailability(request);
    if (checked.outcome !== 'available' || checked.servedBy === null) return checked; // an "available" always names its source
    const fromMs = request.movesFromMs ?? request.slotMs;
    const reply = yield* env.network.roundTrip(() => env.calcom.reschedule(request.service.eventType, fromMs, request.slotMs), request.latencyMs);
    if (!reply.ok || reply.value === 'not-found') return error(null);
    const precheck = { servedBy: checked.servedBy, order: env.clock.order() };
    if (reply.value === 'taken') return { outcome: 'conflict', servedBy: null, alternatives: yield* this.alternatives(request), httpStatus: env.config.calcom.conflictStatus, precheck };
    return { outcome: 'booked', servedBy: null, alternatives: [], httpStatus: 200, precheck };
  }

  *receiveWebhook(payload: WebhookPayload): Process<void> {
    if (this.env.tracing) this.env.note(`webhook.received ${payload.triggerEvent} booking=${payload.payload.uid}`);
    yield* this.invalidate(this.variant.onWebhook, payload.payload.eventTypeId, null, 'webhook');
  }

  describe(answer: Answer, slotMs: number, action: StepAction): string {
    return agentSentence(answer, slotMs, this.env.calendar, action, 'alternatives');
  }

  /** Reads one layer through the cache; a miss fills from the next layer or Cal.com, one read per day spanned. */
  private *read(index: number, service: Service, span: Span, latencyMs: number | undefined): Process<Lookup> {
    const layer = this.definition.layers[index];
    const key = entryKey(layer, tenantPart(layer.tenant, service), service.eventType, span);
    const from: { servedBy: ServedBy | null } = { servedBy: null };
    // A method behind an arrow, not a generator closure: V8 keeps a closure's generator context alive past the run.
    const fill = () => this.fillFromBelow(index, service, span, latencyMs, from);
    const store = this.env.store;
    const { value, hit } = layer.lock ? yield* rememberCoalesced(store, key, layer.ttlSeconds, fill) : yield* remember(store, key, layer.ttlSeconds, fill);
    const counts = hit ? this.stats.hits : this.stats.misses;
    counts[layer.name] = (counts[layer.name] ?? 0) + 1;
    // A layer's name is what the reports call it (`servedBy`); the seed design's are layer2 and layer1.
    return { times: value, servedBy: hit ? (layer.name as ServedBy) : (from.servedBy ?? 'calcom') };
  }

  /** A miss's fill: the next layer or Cal.com, one read per day spanned; `from.servedBy` learns who answered first. */
  private *fillFromBelow(index: number, service: Service, span: Span, latencyMs: number | undefined, from: { servedBy: ServedBy | null }): Process<string[] | null> {
    const layer = this.definition.layers[index];
    const times: string[] = [];
    for (const [i, day] of daysSpanned(span).entries()) {
      const part =
        layer.fill === 'next'
          ? yield* this.read(index + 1, service, spanOfKind(this.definition.layers[index + 1].key, i === 0 ? span.start : day), latencyMs)
          : yield* this.fetchDay(service.eventType, day, latencyMs);
      from.servedBy ??= part.servedBy;
      if (part.times === null) return null;
      times.push(...part.times);
    }
    return times;
  }

  /** `GET /v2/slots` for one whole local day, as the seed's Layer 1 asks. */
  private *fetchDay(eventType: number, day: LocalTime, latencyMs: number | undefined): Process<Lookup> {
    const { env } = this;
    const fromMs = env.calendar.toUtc(day);
    const toMs = env.calendar.toUtc(addLocal(day, 1)) - 1;
    const reply = yield* env.network.roundTrip(() => {
      if (env.tracing) env.note(`calcom.slots eventType=${eventType} ${isoUtc(fromMs)}..${isoUtc(toMs)}`);
      return env.calcom.slots(eventType, fromMs, toMs);
    }, latencyMs);
    const times = reply.ok ? Object.values(reply.value.data.slots).flatMap((slots) => slots.map((s) => s.time)) : null;
    return { times, servedBy: 'calcom' };
  }

  /**
   * Up to two free slots near the wanted one, nearest first, read through the `alternatives` layer: from
   * the windows [t − before, t] and [t, t + after] (the seed's same-day search), or from the one day or
   * hour entry of the slot, searched within that entry's span; always within business hours.
   */
  private *alternatives(request: CallRequest): Process<Alternative[]> {
    const read = this.definition.reads.alternatives;
    if (!read) return [];
    const candidates = new Map<number, ServedBy>();
    for (const { entry, within } of this.searches(read, request.slot)) {
      const lookup = yield* this.read(read.layer, request.service, entry, request.latencyMs);
      const fromMs = this.env.calendar.toUtc(within.start);
      const toMs = this.env.calendar.toUtc(within.end);
      for (const time of lookup.times ?? []) {
        const ms = instantOfIso(time);
        if (ms >= fromMs && ms <= toMs && ms !== request.slotMs && !candidates.has(ms)) candidates.set(ms, lookup.servedBy);
      }
    }
    return [...candidates]
      .sort(([a], [b]) => Math.abs(a - request.slotMs) - Math.abs(b - request.slotMs) || a - b)
      .slice(0, MAX_ALTERNATIVES)
      .map(([slotMs, servedBy]) => ({ slotMs, servedBy }));
  }

  /**
   * The entries the finder reads and the local minutes [from, to] of the slot's day it searches in each,
   * clipped to business hours (a search clipped away is dropped): each window is its own entry; a day or
   * an hour is the slot's one entry of that kind, searched within its span.
   */
  private searches(read: StackRead, slot: LocalTime): { entry: Span; within: Span }[] {
    const { open, close } = this.env.config.businessHours;
    const t = slot.hour * 60 + slot.minute;
    const at = (minute: number): LocalTime => ({ ...startOfDay(slot), hour: Math.floor(minute / 60), minute: minute % 60 });
    const ranges =
      read.key.kind === 'window' ? [[t - read.key.before * 60, t], [t, t + read.key.after * 60]]
      : read.key.kind === 'hour' ? [[slot.hour * 60, slot.hour * 60 + 60]]
      : [[open, close]];
    const searches: { entry: Span; within: Span }[] = [];
    for (const [from, to] of ranges) {
      const clipped = [Math.max(from, open), Math.min(to, close)];
      if (clipped[0] >= clipped[1]) continue;
      const within = windowSpan(at(clipped[0]), at(clipped[1]));
      searches.push({ entry: read.key.kind === 'window' ? within : readSpan(read.key, slot), within });
    }
    return searches;
  }

  /** Forgets the keys the rules name, one forget per key in the rules' order. */
  private *invalidate(rules: StackVariant['onBooking'], eventType: number, service: Service | null, path: 'booking' | 'webhook'): Process<void> {
    const { env, stats } = this;
    stats.invalidations++;
    const today = this.appCalendar.startOfLocalDay(env.clock.now);
    const keys = forgetKeys(this.definition, rules, { eventType, service, today, world: env.config });
    if (env.tracing) env.note(`invalidate.${path} eventType=${eventType} keys=${keys.length}`);
    for (const key of keys) {
      yield* env.store.forget(key);
      stats.keysForgotten++;
    }
  }
}

function error(servedBy: ServedBy | null): Answer {
  return { outcome: 'error', servedBy, alternatives: [] };
}
