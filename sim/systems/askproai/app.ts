import type { Process } from '../../core/simulation.ts';
import { addLocal, instantOfIso, isoUtc, startOfDay } from '../../core/zonedTime.ts';
import type { WebhookDelivery, WebhookPayload } from '../../calcom/shapes.ts';
import { keySetOf } from '../../stores/cacheStore.ts';
import type { StepAction } from '../../core/vocabulary.ts';
import type { CheckEndpoint, Service } from '../../worldConfig.ts';
import type { Alternative, Answer, BookingSystem, CallRequest } from '../bookingSystem.ts';
import { agentSentence } from '../agentSpeech.ts';
import { findAlternatives, finderRefusesTenant } from './alternativeFinder.ts';
import { isTimeSlotAvailable } from './calcomAvailabilityService.ts';
import { afterPendingSyncCheck } from './pendingSyncCheck.ts';
import { acquireSlotLock } from './slotLock.ts';
import { bookValidated, noteCheck, type BookingSteps } from './validatedBooking.ts';
import { errorAnswer, listsSlot } from './answers.ts';
import type { AppContext } from './appContext.ts';
import { invalidate } from './invalidation.ts';
import { layer1AroundSlot, layer1Day, layer1Hour, layer1RetellHours } from './layer1.ts';
import { layer2Window } from './layer2.ts';
import { appointmentKey } from './strategies/bookingGuard/bookingGuard.ts';
import { instantTestedFor } from './wallClock.ts';
import { webhookRejection } from './webhookRequest.ts';
import { WebhookThrottle } from './webhookThrottle.ts';

/**
 * The AskProAI voice-booking app: the agent's `check_availability` and booking functions, and the
 * Cal.com webhook endpoint, over both cache layers. `ctx.profile` picks the version of the flow,
 * `ctx.variant` the caching and invalidation. A failed Cal.com call the app cannot answer around is an
 * `error` ("Es ist ein unerwarteter Fehler aufgetreten").
 */
export class AskProAiApp implements BookingSystem {
  /** The app's own `appointments` rows (`appointmentKey`) that a booking guard's lockForUpdate pre-check reads. */
  private readonly ownAppointments = new Set<string>();
  /**
   * Cal.com uids of the app's `appointments` rows (`calcom_v2_booking_id`): written by the agent's
   * bookings and by accepted BOOKING.CREATED/UPDATED webhooks; a cancellation webhook looks its booking up
   * here. Null on a profile whose handler does not look (nothing to keep in a Monte Carlo run's loop).
   */
  private readonly appointmentUids: Set<string> | null;
  /** The webhook route's throttle (null when the profile has none). */
  private readonly webhookThrottle: WebhookThrottle | null;

  /** What the validated booking step (validatedBooking.ts) needs of the app. */
  private readonly bookingSteps: BookingSteps = {
    ownAppointments: this.ownAppointments,
    alternatives: (request) => this.alternatives(request),
    recordBooked: (request, uid) => this.recordBooked(request, uid),
  };

  constructor(private readonly ctx: AppContext) {
    this.webhookThrottle = ctx.profile.webhookThrottlePerMinute === null ? null : new WebhookThrottle(ctx.profile.webhookThrottlePerMinute);
    this.appointmentUids = ctx.profile.cancelClearsOnlyKnownBookings ? new Set() : null;
  }

  *checkAvailability(request: CallRequest): Process<Answer> {
    const { ctx } = this;
    const read = yield* this.readForCheck(request);
    const about = read.readSlotMs === request.slotMs ? {} : { readSlotMs: read.readSlotMs };
    const { free, servedBy } = read.free ? yield* ctx.variant.availableGuard.guard(ctx, request, read.servedBy) : read;
    if (free === null) return errorAnswer(servedBy);
    const lock = free ? yield* this.slotLock(request) : 'locked';
    if (lock === 'no-company') return errorAnswer(servedBy);
    if (lock === 'held') return { outcome: 'unavailable', servedBy, alternatives: [], ...about };
    if (free) return { outcome: 'available', servedBy, alternatives: [], ...about };
    const retellApi = this.checkEndpoint() === 'retell-api';
    const offers = retellApi || ctx.profile.alternativesOnCheck === 'always' || !ctx.variant.code.skipAlternativesForVoice;
    const alternatives = offers ? yield* this.alternatives(retellApi ? retellApiFinderRequest(request) : request) : [];
    if (alternatives === null) return errorAnswer(servedBy); // RetellFunctionCallHandler 57b4aa6f6:1612: the catch answers an error
    return { outcome: 'unavailable', servedBy, alternatives, ...about };
  }

  /** a7efdc503's slot lock on the function-call check's "available" (slotLock.ts); a held one is answered without alternatives. */
  private *slotLock(request: CallRequest): Process<'locked' | 'held' | 'no-company'> {
    if (!this.ctx.variant.code.slotLocking || this.checkEndpoint() !== 'function-call') return 'locked';
    return yield* acquireSlotLock(this.ctx, request);
  }

  /** The check's read: whether the slot is listed (null when Cal.com failed), and which layer answered. */
  private *readForCheck(request: CallRequest): Process<{ free: boolean | null; servedBy: Answer['servedBy']; readSlotMs: number }> {
    const { ctx } = this;
    const { service } = request;
    if (ctx.profile.checkPath === 'layer2-hour') {
      // The summary's check reads the finder's Layer 2, whose tenant guard (4434a4976 on) throws first.
      if (this.finderThrows(service)) return { free: null, servedBy: null, readSlotMs: request.slotMs };
      const hour = { ...request.slot, minute: 0, second: 0, ms: 0 };
      const lookup = yield* layer2Window(ctx, service, hour, addLocal(hour, 0, 1), request.latencyMs);
      return { free: lookup.times && keySetOf(lookup.times).has(isoUtc(request.slotMs)), servedBy: lookup.servedBy, readSlotMs: request.slotMs };
    }
    if (this.checkEndpoint() === 'retell-api') {
      const lookup = yield* layer1RetellHours(ctx, service.eventType, request.slot, request.latencyMs);
      const readSlotMs = this.slotTested(request);
      return { free: lookup.body && listsSlot(lookup.body, readSlotMs), servedBy: lookup.servedBy, readSlotMs };
    }
    return yield* this.functionCallRead(request);
  }

  /** RetellFunctionCallHandler's `check_availability` read, as the code version has it; it converts to the callers' zone and matches exactly. */
  private *functionCallRead(request: CallRequest): Process<{ free: boolean | null; servedBy: Answer['servedBy']; readSlotMs: number }> {
    const { ctx } = this;
    const { service } = request;
    const readSlotMs = request.slotMs;
    switch (ctx.variant.code.functionCallCheck) {
      case 'undefined-method':
        if (ctx.tracing) ctx.note('CalcomAvailabilityService::isTimeSlotAvailable(): Call to undefined method (PHP Error, HTTP 500)');
        return { free: null, servedBy: null, readSlotMs };
      case 'calcom-availability-service': {
        const { free, servedBy } = yield* isTimeSlotAvailable(ctx, service.eventType, request.slot, request.slotMs, request.latencyMs);
        yield* noteCheck(ctx, request, free);
        return { free: afterPendingSyncCheck(ctx, free), servedBy, readSlotMs };
      }
      case 'layer1-hourly': {
        const lookup = yield* layer1Hour(ctx, service.eventType, service.team, request.slot, request.latencyMs);
        return { free: lookup.body && listsSlot(lookup.body, readSlotMs), servedBy: lookup.servedBy, readSlotMs };
      }
    }
  }

  /** The slot the code's own matching tests for a request: the asked instant, or the one whose UTC `H:i` reads as the asked time. */
  private slotTested(request: CallRequest): number {
    return this.ctx.profile.slotMatching === 'utc-wall-clock' ? instantTestedFor(request.slot) : request.slotMs;
  }

  /** The endpoint `check_availability` reaches: the world's on the code's profiles; none on the seed's. */
  private checkEndpoint(): CheckEndpoint | null {
    return this.ctx.profile.checkPath === 'endpoint' ? this.ctx.world.checkEndpoint : null;
  }

  /**
   * The booking function. With the two-step flow the day is re-checked on Layer 1 first and a slot
   * gone from it is answered `slot_taken` with alternatives, without asking Cal.com to book.
   */
  *createBooking(request: CallRequest): Process<Answer> {
    const { ctx } = this;
    // The summary's design (the seed profile) keeps its own booking step whatever the commit.
    if (ctx.variant.code.bookingFlow === 'validated-retry' && ctx.profile.checkPath === 'endpoint') return yield* bookValidated(ctx, request, this.bookingSteps);
    const { service } = request;
    const checked = yield* this.checksBeforeBooking(request);
    if ('outcome' in checked) return checked;
    const reply = yield* ctx.calcomClient.call(() => {
      const r = ctx.calcom.book({ eventTypeId: service.eventType, startMs: request.slotMs, bookedBy: request.caller });
      if (ctx.tracing) ctx.note(`calcom.book eventType=${service.eventType} start=${isoUtc(request.slotMs)} -> ${r.httpStatus}`);
      return r;
    }, request.latencyMs, (r) => r.httpStatus >= 400);
    if (!reply.ok) return errorAnswer(null);
    const { precheck } = checked;
    if (reply.value.httpStatus === 201) {
      this.recordBooked(request, reply.value.body.data.uid);
      if (ctx.profile.bookingPathClears) yield* invalidate(ctx, service.eventType, service.team, request.slot, 'booking');
      return { outcome: 'booked', servedBy: null, alternatives: [], httpStatus: 201, precheck };
    }
    const alternatives = ctx.profile.conflictReply === 'alternatives' ? yield* this.alternatives(request) : [];
    if (alternatives === null) return errorAnswer(null);
    return { outcome: 'conflict', servedBy: null, alternatives, httpStatus: reply.value.httpStatus, precheck };
  }

  /**
   * What the booking step checks before `POST /bookings`: the variant's booking guard around the
   * profile's day re-check. An answer when it stops there, else the re-check it passed.
   */
  private *checksBeforeBooking(request: CallRequest): Process<Answer | { precheck: Answer['precheck'] }> {
    const { ctx } = this;
    const { service } = request;
    const guard = ctx.variant.bookingGuard;
    const refused = yield* guard.beforeBooking(ctx, request, this.ownAppointments);
    if (refused) return refused;
    // book_appointment posts at once; only collect_appointment_data re-checks.
    if (!ctx.profile.recheckDayBeforeBooking || request.via === 'book_appointment') return { precheck: undefined };
    const day = yield* layer1Day(ctx, service.eventType, service.team, startOfDay(request.slot), request.latencyMs);
    if (!day.body) return errorAnswer(day.servedBy);
    const readSlotMs = guard.dayCheckSlotMs(request, this.slotTested(request));
    const about = readSlotMs === request.slotMs ? {} : { readSlotMs };
    if (!listsSlot(day.body, readSlotMs)) {
      const alternatives = yield* this.alternatives(request);
      return alternatives ? { outcome: 'unavailable', servedBy: day.servedBy, alternatives, ...about } : errorAnswer(day.servedBy);
    }
    const gone = yield* guard.afterDayCheck(ctx, request);
    if (gone) return gone;
    // The booking itself goes in at the asked local time, whatever slot the re-check tested.
    return { precheck: { servedBy: day.servedBy, order: ctx.clock.order(), ...about } };
  }

  /**
   * The webhook route and controller: past the route's throttle (one counter per sending address) a
   * 429; a webhook the request's validation refuses (trigger name, time format) a 422; otherwise
   * (created, cancelled or rescheduled alike) a clear without a team id.
   */
  *receiveWebhook(payload: WebhookPayload, delivery: WebhookDelivery): Process<void> {
    const { ctx } = this;
    if (this.webhookThrottle && !this.webhookThrottle.admit(ctx.clock.now, delivery.senderIp)) {
      if (ctx.tracing) ctx.note(`webhook.rejected ${payload.triggerEvent} booking=${payload.payload.uid} -> 429 (over throttle:${this.webhookThrottle.perMinute},1${this.deliveryText(delivery)})`);
      return;
    }
    const rejection = ctx.profile.webhookAccepts === 'dotted' ? webhookRejection(payload) : null;
    if (rejection) {
      if (ctx.tracing) ctx.note(`webhook.rejected ${payload.triggerEvent} booking=${payload.payload.uid} -> 422 (${rejection})`);
      return;
    }
    if (ctx.tracing) ctx.note(`webhook.received ${payload.triggerEvent} booking=${payload.payload.uid}`);
    if (!this.recordAppointment(payload)) return;
    const slot = ctx.calendar.toLocal(instantOfIso(payload.payload.startTime));
    yield* invalidate(ctx, payload.payload.eventTypeId, null, slot, 'webhook');
  }

  /** Which counter a throttled webhook hit, when the world has more than one route or sender to tell apart. */
  private deliveryText({ route, senderIp }: WebhookDelivery): string {
    const { routes, senderIps } = this.ctx.world.webhooks;
    return routes.length > 1 || senderIps.length > 1 ? ` from ${senderIp} on ${route}` : '';
  }

  /**
   * The controller's bookkeeping before its clear: BOOKING.CREATED and BOOKING.UPDATED/RESCHEDULED write
   * (or update) an appointment row and go on to clear; BOOKING.CANCELLED on the code's profile finds no
   * row for a booking the app never recorded and returns (200) without clearing. False when it stops there.
   * Rows are keyed by `calcom_v2_booking_id`: the handlers write and look up `$payload['id'] ?? $payload['uid']`
   * (CalcomWebhookController 203, 388, 467 at 34a011586 and 57b4aa6f6); the agent's booking writes the uid.
   * Cal.com's payload has no `id`, so it is the uid; a body that carries one is looked up by that number.
   */
  private recordAppointment({ triggerEvent, payload }: WebhookPayload): boolean {
    const uids = this.appointmentUids;
    if (uids === null) return true; // the summary's handler clears for every webhook
    const calcomId = payload.id === undefined ? payload.uid : String(payload.id);
    if (!triggerEvent.endsWith('CANCELLED')) {
      uids.add(calcomId);
      return true;
    }
    if (uids.has(calcomId)) return true;
    if (this.ctx.tracing) this.ctx.note(`webhook.ignored ${triggerEvent} booking=${payload.uid}: no appointment for it, nothing cleared`);
    return false;
  }

  /** Cal.com took a booking: the app's appointment row, with Cal.com's uid. */
  private recordBooked(request: CallRequest, uid: string): void {
    this.ownAppointments.add(appointmentKey(request));
    this.appointmentUids?.add(uid);
  }

  describe(answer: Answer, slotMs: number, action: StepAction): string {
    return agentSentence(answer, slotMs, this.ctx.calendar, action, this.ctx.profile.conflictReply);
  }

  /**
   * The agent's cancellation: `DELETE` at Cal.com through the breaker, and nothing cleared (the app's own
   * cancel and reschedule paths never call the invalidation; only Cal.com's webhook might).
   */
  *cancelBooking(request: CallRequest): Process<Answer> {
    const { ctx } = this;
    const { eventType } = request.service;
    const reply = yield* ctx.calcomClient.call(() => {
      const cancelled = ctx.calcom.cancel(eventType, request.slotMs);
      if (ctx.tracing) ctx.note(`calcom.cancel eventType=${eventType} start=${isoUtc(request.slotMs)} -> ${cancelled ? 200 : 404}`);
      return cancelled;
    }, request.latencyMs);
    if (!reply.ok || !reply.value) return errorAnswer(null);
    return { outcome: 'cancelled', servedBy: null, alternatives: [], httpStatus: 200 };
  }

  /**
   * The agent's reschedule (RetellApiController::rescheduleAppointment at the fix commit; the seed's
   * summary has none): the target is read on Layer 1 half an hour either side, no team, and matched as
   * the profile matches slots; a target not listed is `unavailable` with the controller's alternatives;
   * else `POST /v2/bookings/{uid}/reschedule` through the breaker. Nothing is cleared (the app's own paths
   * never call the invalidation; only Cal.com's BOOKING_RESCHEDULED webhook might).
   */
  *rescheduleBooking(request: CallRequest): Process<Answer> {
    const { ctx } = this;
    const { eventType } = request.service;
    const lookup = yield* layer1AroundSlot(ctx, eventType, request.slot, request.latencyMs);
    if (!lookup.body) return errorAnswer(lookup.servedBy);
    const readSlotMs = this.slotTested(request);
    const about = readSlotMs === request.slotMs ? {} : { readSlotMs };
    if (!listsSlot(lookup.body, readSlotMs)) {
      const alternatives = yield* this.alternatives(retellApiFinderRequest(request));
      return alternatives ? { outcome: 'unavailable', servedBy: lookup.servedBy, alternatives, ...about } : errorAnswer(lookup.servedBy);
    }
    const precheck = { servedBy: lookup.servedBy, order: ctx.clock.order(), ...about };
    const fromMs = request.movesFromMs ?? request.slotMs;
    const reply = yield* ctx.calcomClient.call(() => {
      const moved = ctx.calcom.reschedule(eventType, fromMs, request.slotMs);
      if (ctx.tracing) ctx.note(`calcom.reschedule eventType=${eventType} ${isoUtc(fromMs)} -> ${isoUtc(request.slotMs)}: ${typeof moved === 'string' ? moved : 'moved'}`);
      return moved;
    }, request.latencyMs, (moved) => typeof moved === 'string'); // CalcomService throws on any non-2xx: a breaker failure
    if (!reply.ok || reply.value === 'not-found') return errorAnswer(null);
    if (reply.value === 'taken') return { outcome: 'conflict', servedBy: null, alternatives: [], httpStatus: ctx.world.calcom.conflictStatus, precheck };
    // The appointment row takes the new booking's uid (Cal.com gives a moved booking a new one).
    if (this.appointmentUids?.delete(reply.value.from.uid)) this.appointmentUids.add(reply.value.to.uid);
    return { outcome: 'booked', servedBy: null, alternatives: [], httpStatus: 200, precheck };
  }

  /** The finder's offers, or null when it threw (its tenant guard): each caller answers that as its catch does. */
  private *alternatives(request: CallRequest): Process<Alternative[] | null> {
    if (this.finderThrows(request.service)) return null;
    return yield* findAlternatives(this.ctx, request.service, request.slot, request.slotMs, request.latencyMs);
  }

  /** Whether the finder's tenant guard throws for `service` (noted in the trace when it does). */
  private finderThrows(service: Service): boolean {
    const { ctx } = this;
    if (!finderRefusesTenant(ctx, service)) return false;
    if (ctx.tracing) ctx.note('AppointmentAlternativeFinder: RuntimeException SECURITY: Tenant context required (company or branch null)');
    return true;
  }
}

/** RetellApiController runs the finder without a tenant: its Layer 2 keys are cal_slots_0_0_…. */
const retellApiFinderRequest = (request: CallRequest): CallRequest => ({ ...request, service: { ...request.service, company: null, branch: null } });
