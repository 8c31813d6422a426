import type { Process } from '../../core/simulation.ts';
import { addLocal, isoUtc, startOfDay } from '../../core/zonedTime.ts';
import type { SlotsResponse, WebhookPayload } from '../../calcom/shapes.ts';
import type { StepAction } from '../../scenario/scenario.ts';
import type { Answer, BookingSystem, CallRequest } from '../bookingSystem.ts';
import { agentSentence } from '../agentSpeech.ts';
import { findAlternatives } from './alternativeFinder.ts';
import type { AppContext } from './appContext.ts';
import { invalidate } from './invalidation.ts';
import { layer1Day, layer1Hour } from './layer1.ts';
import { layer2Window } from './layer2.ts';

/**
 * The AskProAI voice-booking app: the agent's `check_availability` and booking functions, and the
 * Cal.com webhook endpoint, over both cache layers. `ctx.profile` picks the version of the flow,
 * `ctx.variant` the caching and invalidation. A failed Cal.com call the app cannot answer around is an
 * `error` ("Es ist ein unerwarteter Fehler aufgetreten").
 */
export class AskProAiApp implements BookingSystem {
  constructor(private readonly ctx: AppContext) {}

  *checkAvailability(request: CallRequest): Process<Answer> {
    const { ctx } = this;
    const hour = { ...request.slot, minute: 0, second: 0, ms: 0 };
    let free: boolean | null;
    let servedBy: Answer['servedBy'];
    if (ctx.profile.checkPath === 'layer2-hour') {
      const lookup = yield* layer2Window(ctx, request.service, hour, addLocal(hour, 0, 1), request.latencyMs);
      free = lookup.times && lookup.times.includes(isoUtc(request.slotMs));
      servedBy = lookup.servedBy;
    } else {
      const lookup = yield* layer1Hour(ctx, request.service.eventType, request.service.team, request.slot, request.latencyMs);
      free = lookup.body && lists(lookup.body, request.slotMs);
      servedBy = lookup.servedBy;
    }
    if (free && ctx.variant.recheckBeforeAvailable) {
      free = yield* this.recheckAtCalcom(request);
      servedBy = 'calcom';
    }
    if (free && ctx.variant.reserveOnCheck) free = yield* this.reserve(request);
    if (free === null) return error(servedBy);
    if (free) return { outcome: 'available', servedBy, alternatives: [] };
    const alternatives = ctx.profile.alternativesOnCheck ? yield* this.alternatives(request) : [];
    return { outcome: 'unavailable', servedBy, alternatives };
  }

  /**
   * The booking function. With the two-step flow the day is re-checked on Layer 1 first and a slot
   * gone from it is answered `slot_taken` with alternatives, without asking Cal.com to book.
   */
  *createBooking(request: CallRequest): Process<Answer> {
    const { ctx } = this;
    const { service } = request;
    let precheck: Answer['precheck'];
    if (ctx.profile.recheckDayBeforeBooking) {
      const day = yield* layer1Day(ctx, service.eventType, service.team, startOfDay(request.slot), request.latencyMs);
      if (!day.body) return error(day.servedBy);
      if (!lists(day.body, request.slotMs)) {
        return { outcome: 'unavailable', servedBy: day.servedBy, alternatives: yield* this.alternatives(request) };
      }
      precheck = { servedBy: day.servedBy, order: ctx.clock.order() };
    }
    const reply = yield* ctx.calcomClient.call(() => {
      const r = ctx.calcom.book({ eventTypeId: service.eventType, startMs: request.slotMs, bookedBy: request.caller });
      if (ctx.tracing) ctx.note(`calcom.book eventType=${service.eventType} start=${isoUtc(request.slotMs)} -> ${r.httpStatus}`);
      return r;
    }, request.latencyMs);
    if (!reply.ok) return error(null);
    if (reply.value.httpStatus === 201) {
      if (ctx.profile.bookingPathClears) yield* invalidate(ctx, service.eventType, service.team, request.slot, 'booking');
      return { outcome: 'booked', servedBy: null, alternatives: [], httpStatus: 201, precheck };
    }
    const alternatives = ctx.profile.conflictReply === 'alternatives' ? yield* this.alternatives(request) : [];
    return { outcome: 'conflict', servedBy: null, alternatives, httpStatus: reply.value.httpStatus, precheck };
  }

  /** The webhook controller: clears without a team id, if it accepts the trigger's name at all. */
  *receiveWebhook(payload: WebhookPayload): Process<void> {
    const { ctx } = this;
    if (ctx.profile.webhookAccepts === 'dotted' && payload.triggerEvent !== 'BOOKING.CREATED') {
      if (ctx.tracing) ctx.note(`webhook.rejected ${payload.triggerEvent} booking=${payload.payload.uid} -> 422`);
      return;
    }
    if (ctx.tracing) ctx.note(`webhook.received ${payload.triggerEvent} booking=${payload.payload.uid}`);
    const slot = ctx.calendar.toLocal(Date.parse(payload.payload.startTime));
    yield* invalidate(ctx, payload.payload.eventTypeId, null, slot, 'webhook');
  }

  describe(answer: Answer, slotMs: number, action: StepAction): string {
    return agentSentence(answer, slotMs, this.ctx.calendar, action, this.ctx.profile.conflictReply);
  }

  /** The `recheck` design: one direct `GET /slots` for the slot itself, past both caches; null when it fails. */
  private *recheckAtCalcom(request: CallRequest): Process<boolean | null> {
    const { ctx } = this;
    const { eventType } = request.service;
    const reply = yield* ctx.calcomClient.call(() => {
      if (ctx.tracing) ctx.note(`calcom.slots eventType=${eventType} recheck ${isoUtc(request.slotMs)}`);
      return ctx.calcom.slots(eventType, request.slotMs, request.slotMs);
    }, request.latencyMs);
    return reply.ok ? lists(reply.value, request.slotMs) : null;
  }

  /** The `reserve` design: `POST /v2/slots/reservations` for the caller; only a held slot is "available". */
  private *reserve(request: CallRequest): Process<boolean | null> {
    const { ctx } = this;
    const { eventType } = request.service;
    const reply = yield* ctx.calcomClient.call(() => {
      const held = ctx.calcom.reserve(eventType, request.slotMs, request.caller);
      if (ctx.tracing) ctx.note(`calcom.reserve eventType=${eventType} start=${isoUtc(request.slotMs)} -> ${held ? 201 : 'taken'}`);
      return held;
    }, request.latencyMs);
    return reply.ok ? reply.value : null;
  }

  private alternatives(request: CallRequest) {
    return findAlternatives(this.ctx, request.service, request.slot, request.slotMs, request.latencyMs);
  }
}

function error(servedBy: Answer['servedBy']): Answer {
  return { outcome: 'error', servedBy, alternatives: [] };
}

/** Whether a slots body lists the slot (the code matches the exact start time). */
function lists(body: SlotsResponse, slotMs: number): boolean {
  const time = isoUtc(slotMs);
  return Object.values(body.data.slots).some((slots) => slots.some((s) => s.time === time));
}
