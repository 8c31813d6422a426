import type { Process } from '../../core/simulation.ts';
import { isoUtc, startOfDay, type LocalTime } from '../../core/zonedTime.ts';
import type { BookingResponse } from '../../calcom/shapes.ts';
import type { Alternative, Answer, CallRequest } from '../bookingSystem.ts';
import { errorAnswer } from './answers.ts';
import type { AppContext } from './appContext.ts';
import { layer1Day } from './layer1.ts';
import { appointmentKey } from './strategies/bookingGuard/bookingGuard.ts';

/** What the booking step needs of the app: its appointment rows and its finder. */
export interface BookingSteps {
  /** The app's `appointments` rows (`appointmentKey`), which the lockForUpdate pre-checks read. */
  readonly ownAppointments: Set<string>;
  /** The finder's offers, or null when it threw (its tenant guard). */
  alternatives(request: CallRequest): Process<Alternative[] | null>;
  /** Cal.com took the booking: the app writes its appointment row with Cal.com's uid. */
  recordBooked(request: CallRequest, uid: string): void;
}

/** How long the check's "available" lets the booking skip its re-check (RetellFunctionCallHandler 57b4aa6f6:1430–1436), in seconds. */
const VALIDATION_TTL_SECONDS = 90;
/** How long the check's timestamp is kept (57b4aa6f6:1424: ten minutes), in seconds. */
const LAST_CHECK_TTL_SECONDS = 600;
/** The booking re-checks only when the last check is older than this (57b4aa6f6:2000), in seconds. */
const RECHECK_AFTER_SECONDS = 30;
/** `$maxRetries = 1` (57b4aa6f6:2275): two POSTs at most. */
const BOOKING_ATTEMPTS = 2;

/** How long fd25bd785 keeps a booking's `booking_success:{call}` (RetellFunctionCallHandler fd25bd785:3316–3321), in seconds. */
const IDEMPOTENCY_TTL_SECONDS = 300;

/** Carbon's `YmdHi` of a local time, as the per-call and slot-lock keys print it. */
export const ymdHi = (t: LocalTime) => `${t.year}${String(t.month).padStart(2, '0')}${String(t.day).padStart(2, '0')}${String(t.hour).padStart(2, '0')}${String(t.minute).padStart(2, '0')}`;
/** `booking_validation:{call}:{YmdHi}`: the check's "available" for this call and time. */
export const validationKey = (caller: string, slot: LocalTime) => `booking_validation:${caller}:${ymdHi(slot)}`;
/** `booking_success:{call}`: fd25bd785's record of the call's booking (RetellFunctionCallHandler fd25bd785:2298). */
const idempotencyKey = (request: CallRequest) => `booking_success:${request.caller}`;
/**
 * `call:{call}:last_availability_check`: when the call last checked (any answer); from 3a6012b85 on
 * `call:{company}:{call}:…` when the call has a company (RetellFunctionCallHandler 3a6012b85:101–111).
 */
export function lastCheckKey(ctx: AppContext, request: CallRequest): string {
  const company = ctx.variant.code.tenantCallKeys ? request.service.company : null;
  return company ? `call:${company}:${request.caller}:last_availability_check` : `call:${request.caller}:last_availability_check`;
}

/**
 * What the function-call check leaves for the booking step once `isTimeSlotAvailable` answered
 * (57b4aa6f6:1424 and 1428–1437): the time of the check, and on "available" the validation key.
 */
export function* noteCheck(ctx: AppContext, request: CallRequest, free: boolean): Process<void> {
  yield* ctx.store.put(lastCheckKey(ctx, request), ctx.clock.now, LAST_CHECK_TTL_SECONDS);
  if (free) yield* ctx.store.put(validationKey(request.caller, request.slot), true, VALIDATION_TTL_SECONDS);
}

/**
 * The function-call booking step from 484a16e68 on (line numbers at 57b4aa6f6, bookAppointment
 * 1975–2420): with fd25bd785's idempotency first its `booking_success:{call}`; the pre-booking re-check (`revalidate`), the booking guard's pre-check (57b4aa6f6's
 * lockForUpdate read of the app's appointments), then with `ASYNC_CALCOM_SYNC` the queued job (`deferBooking`), else
 * up to two POSTs, each after the guard's double check (57b4aa6f6).
 */
export function* bookValidated(ctx: AppContext, request: CallRequest, steps: BookingSteps): Process<Answer> {
  if (ctx.variant.code.bookingIdempotency && (yield* ctx.store.get(idempotencyKey(request))) !== null) {
    if (ctx.tracing) ctx.note(`IDEMPOTENCY: ${idempotencyKey(request)} present, its cached booking answered`);
    return { outcome: 'booked', servedBy: null, alternatives: [] };
  }
  const refusedEarly = yield* revalidate(ctx, request, steps);
  if (refusedEarly) return refusedEarly;
  const refused = yield* ctx.variant.bookingGuard.beforeValidatedBooking(ctx, request, steps.ownAppointments);
  if (refused) return refused;
  if (ctx.variant.code.asyncCalcomSync) return deferBooking(ctx, request, steps);
  return yield* bookWithRetry(ctx, request, steps);
}

/**
 * The pre-booking re-check (57b4aa6f6:1975–2062): skipped while the validation key lives, or when the
 * call's last check is under 30 s old. That age is `now()->diffInSeconds($last)`, which Carbon 3
 * (composer.lock 57b4aa6f6: nesbot/carbon 3.10.3) returns signed, negative for a past check, so any
 * check in the last ten minutes skips it; only a call with none re-checks. Then it reads the day on
 * Layer 1 without a team, takes `$reCheckResponse['slots'] ?? []` (absent: Cal.com nests slots under
 * `data`), so never finds the slot, and answers "gerade vergeben" with the finder's alternatives. A
 * failed read or a finder that throws is caught (2060) and the booking goes on.
 */
function* revalidate(ctx: AppContext, request: CallRequest, steps: BookingSteps): Process<Answer | null> {
  if ((yield* ctx.store.get(validationKey(request.caller, request.slot))) !== null) return null;
  const lastCheck = yield* ctx.store.get(lastCheckKey(ctx, request));
  const secondsSinceCheck = lastCheck === null ? 999 : ((lastCheck as number) - ctx.clock.now) / 1000;
  if (secondsSinceCheck <= RECHECK_AFTER_SECONDS) return null;
  const day = yield* layer1Day(ctx, request.service.eventType, null, startOfDay(request.slot), request.latencyMs);
  if (!day.body) return null;
  if (ctx.tracing) ctx.note("re-check: $reCheckResponse['slots'] is absent, so the slot is never found: refused as taken");
  const alternatives = yield* steps.alternatives(request);
  if (alternatives === null) return null;
  return { outcome: 'unavailable', servedBy: day.servedBy, alternatives };
}

/**
 * The synchronous booking (57b4aa6f6:2218–2420): the guard's double check, then `POST /bookings`
 * through the breaker; a conflict ("already has booking") is retried once, so a taken slot costs two
 * breaker failures, and then answered with the finder's alternatives (its result is never empty, 228);
 * when the finder throws, the rethrown conflict reaches the generic error. Any other failure is an error.
 */
function* bookWithRetry(ctx: AppContext, request: CallRequest, steps: BookingSteps): Process<Answer> {
  for (let attempt = 1; ; attempt++) {
    const stopped = yield* ctx.variant.bookingGuard.afterDayCheck(ctx, request);
    if (stopped) return stopped;
    const reply = yield* ctx.calcomClient.call(() => postBooking(ctx, request), request.latencyMs, (r) => r.httpStatus >= 400);
    if (!reply.ok) return errorAnswer(null);
    if (reply.value.httpStatus === 201) {
      steps.recordBooked(request, reply.value.body.data.uid);
      if (ctx.variant.code.bookingIdempotency) yield* ctx.store.put(idempotencyKey(request), true, IDEMPOTENCY_TTL_SECONDS);
      return { outcome: 'booked', servedBy: null, alternatives: [], httpStatus: 201 };
    }
    if (attempt < BOOKING_ATTEMPTS) continue;
    const alternatives = (yield* steps.alternatives(request)) ?? [];
    return { outcome: 'conflict', servedBy: null, alternatives, httpStatus: reply.value.httpStatus };
  }
}

function postBooking(ctx: AppContext, request: CallRequest): BookingResponse {
  const r = ctx.calcom.book({ eventTypeId: request.service.eventType, startMs: request.slotMs, bookedBy: request.caller });
  if (ctx.tracing) ctx.note(`calcom.book eventType=${request.service.eventType} start=${isoUtc(request.slotMs)} -> ${r.httpStatus}`);
  return r;
}

/** `SyncAppointmentToCalcomJob`: `$tries = 3`, `$backoff = [1, 5, 30]` s (57b4aa6f6 job lines 36, 42): the waits after attempts 1 and 2. */
const JOB_TRIES = 3;
const JOB_BACKOFF_SECONDS = [1, 5, 30];

/**
 * The async path (57b4aa6f6:2071–2213): an appointment row `pending_sync`, the job dispatched, and the
 * caller told "Ihr Termin … ist gebucht" at once. The job's conflicts come later (`syncAttempt`).
 */
function deferBooking(ctx: AppContext, request: CallRequest, steps: BookingSteps): Answer {
  steps.ownAppointments.add(appointmentKey(request));
  ctx.stats.toldBooked++;
  ctx.deferredBooking({ kind: 'booking.told-booked', caller: request.caller, eventType: request.service.eventType, startMs: request.slotMs, attempt: 0 });
  ctx.defer(0, `sync-job:${request.caller}`, syncAttempt(ctx, request, steps, 1));
  return { outcome: 'booked', servedBy: null, alternatives: [] };
}

/**
 * One run of the job: `POST /v2/bookings` through CalcomV2Client (no circuit breaker). A refusal marks
 * the row failed and the job is retried after its backoff; the third refusal flags it for manual review
 * (job 339–374, 382–413). The queue's pick-up delay is not modelled (the job runs at once).
 */
function* syncAttempt(ctx: AppContext, request: CallRequest, steps: BookingSteps, attempt: number): Process<void> {
  const reply = yield* ctx.calcomNetwork.roundTrip(() => postBooking(ctx, request), request.latencyMs);
  if (reply.ok && reply.value.httpStatus === 201) {
    steps.recordBooked(request, reply.value.body.data.uid);
    return;
  }
  const about = { caller: request.caller, eventType: request.service.eventType, startMs: request.slotMs };
  ctx.deferredBooking({ kind: 'booking.sync-failed', ...about, attempt });
  if (attempt < JOB_TRIES) {
    ctx.defer(JOB_BACKOFF_SECONDS[attempt - 1] * 1000, `sync-job:${request.caller}:retry${attempt}`, syncAttempt(ctx, request, steps, attempt + 1));
    return;
  }
  ctx.stats.toldBookedLaterFailed++;
  ctx.deferredBooking({ kind: 'booking.manual-review', ...about, attempt: 0 });
}
