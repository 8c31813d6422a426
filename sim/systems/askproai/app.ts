import type { Process } from '../../core/simulation.ts';
import { addLocal, isoUtc } from '../../core/zonedTime.ts';
import type { WebhookPayload } from '../../calcom/shapes.ts';
import type { Answer, BookingSystem, CallRequest } from '../bookingSystem.ts';
import type { StepAction } from '../../scenario/scenario.ts';
import { agentSentence } from './agentSpeech.ts';
import type { AppContext } from './appContext.ts';
import { invalidate } from './invalidation.ts';
import { layer2Window, sameDayAlternatives } from './layer2.ts';

/**
 * The AskProAI voice-booking app: the agent's `check_availability` and booking functions, and the
 * Cal.com webhook endpoint, over both cache layers. `ctx.profile` and `ctx.variant` pick the version.
 */
export class AskProAiApp implements BookingSystem {
  constructor(private readonly ctx: AppContext) {}

  /** The Layer 2 window of the slot's hour answers; when the slot is not in it, up to two alternatives. */
  *checkAvailability(request: CallRequest): Process<Answer> {
    const { ctx } = this;
    const hour = { ...request.slot, minute: 0, second: 0, ms: 0 };
    const lookup = yield* layer2Window(ctx, request.service, hour, addLocal(hour, 0, 1), request.latencyMs);
    if (lookup.times.includes(isoUtc(request.slotMs))) {
      return { outcome: 'available', servedBy: lookup.servedBy, alternatives: [] };
    }
    const alternatives = yield* sameDayAlternatives(ctx, request.service, request.slot, request.slotMs, request.latencyMs);
    return { outcome: 'unavailable', servedBy: lookup.servedBy, alternatives };
  }

  /** `POST /v2/bookings`; on 201 the caches are cleared before the agent answers, on a conflict alternatives are offered. */
  *createBooking(request: CallRequest): Process<Answer> {
    const { ctx } = this;
    const { service } = request;
    const response = yield* ctx.network.roundTrip(() => {
      const r = ctx.calcom.book({ eventTypeId: service.eventType, startMs: request.slotMs, bookedBy: request.caller });
      if (ctx.tracing) ctx.note(`calcom.book eventType=${service.eventType} start=${isoUtc(request.slotMs)} -> ${r.httpStatus}`);
      return r;
    }, request.latencyMs);
    if (response.httpStatus === 201) {
      yield* invalidate(ctx, service.eventType, ctx.profile.bookingPassesTeam ? service.team : null, 'booking');
      return { outcome: 'booked', servedBy: null, alternatives: [], httpStatus: 201 };
    }
    const alternatives = yield* sameDayAlternatives(ctx, service, request.slot, request.slotMs, request.latencyMs);
    return { outcome: 'conflict', servedBy: null, alternatives, httpStatus: response.httpStatus };
  }

  describe(answer: Answer, slotMs: number, action: StepAction): string {
    return agentSentence(answer, slotMs, this.ctx.calendar, action);
  }

  /** The webhook controller: BOOKING_CREATED clears without a team id. */
  *receiveWebhook(payload: WebhookPayload): Process<void> {
    if (this.ctx.tracing) this.ctx.note(`webhook.received ${payload.triggerEvent} booking=${payload.payload.uid}`);
    yield* invalidate(this.ctx, payload.payload.eventTypeId, null, 'webhook');
  }
}
