import type { Process } from '../../core/simulation.ts';
import { hi, ymd, type LocalTime } from '../../core/zonedTime.ts';
import { remember } from '../../stores/cacheStore.ts';
import type { ServedBy } from '../../core/vocabulary.ts';
import type { AppContext } from './appContext.ts';
import { listsSlot } from './answers.ts';

/** `isTimeSlotAvailable` keeps its answer this long (CalcomAvailabilityService 57b4aa6f6:423), in seconds. */
const SLOT_ANSWER_TTL_SECONDS = 30;

/** What an answer from the service's own entry is served by: neither Layer 1 nor Layer 2. */
export const CALCOM_SLOT_ENTRY: ServedBy = 'calcom_slot';

/** `calcom_slot:{eventType}:{Y-m-d_H:i}` (57b4aa6f6:325), the datetime in the caller's zone (Europe/Berlin). */
export const calcomSlotKey = (eventType: number, slot: LocalTime) => `calcom_slot:${eventType}:${ymd(slot)}_${hi(slot)}`;

/**
 * `CalcomAvailabilityService::isTimeSlotAvailable` (484a16e68 on; line numbers at 57b4aa6f6), the
 * function-call `check_availability`'s read (RetellFunctionCallHandler 57b4aa6f6:1395–1409):
 * `Cache::has`/`Cache::get` of its own key (331; one read here); on a miss `GET /v2/slots/available`
 * from the slot to the slot + the service's length (342–344), straight through `CalcomV2Service::httpClient()`
 * (184), so outside Layer 1, its lock and the circuit breaker; the slot matched in Europe/Berlin to the
 * minute (376–400, the exact instant); the answer, false included, kept 30 s (423). A non-2xx reply reads
 * as no slots (196), so "not available" is kept 30 s too; an exception (a timeout) answers false and keeps
 * nothing (433–444). No invalidation of the app names this key.
 */
export function* isTimeSlotAvailable(
  ctx: AppContext,
  eventType: number,
  slot: LocalTime,
  slotMs: number,
  latencyMs: number | undefined,
): Process<{ free: boolean; servedBy: ServedBy }> {
  const read = () => fetchSlotAnswer(ctx, eventType, slotMs, latencyMs);
  const { value, hit } = yield* remember<boolean>(ctx.store, calcomSlotKey(eventType, slot), SLOT_ANSWER_TTL_SECONDS, read);
  return { free: value === true, servedBy: hit ? CALCOM_SLOT_ENTRY : 'calcom' };
}

/** The service's direct read: the answer to store, or null (nothing stored) when the request threw. */
function* fetchSlotAnswer(ctx: AppContext, eventType: number, slotMs: number, latencyMs: number | undefined): Process<boolean | null> {
  const toMs = slotMs + ctx.world.slotMinutes * 60_000;
  const reply = yield* ctx.calcomNetwork.roundTrip(() => {
    if (ctx.tracing) ctx.note(`calcom.slots eventType=${eventType} (CalcomAvailabilityService, no breaker)`);
    return ctx.calcom.slots(eventType, slotMs, toMs);
  }, latencyMs);
  if (reply.ok) return listsSlot(reply.value, slotMs);
  if (reply.failure === 'timeout') {
    if (ctx.tracing) ctx.note('CalcomAvailabilityService: request threw, answered not available, nothing cached');
    return null;
  }
  return false; // a non-2xx reply is an empty slot list
}
