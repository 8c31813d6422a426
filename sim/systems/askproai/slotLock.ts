import type { Process } from '../../core/simulation.ts';
import type { CallRequest } from '../bookingSystem.ts';
import type { AppContext } from './appContext.ts';
import { ymdHi } from './validatedBooking.ts';

/** `SlotLockService::DEFAULT_TTL` (a7efdc503 SlotLockService.php:30): a lock lives 5 minutes, in seconds. */
const SLOT_LOCK_TTL_SECONDS = 300;

/**
 * `slot_lock:c{company}:s{service}:t{YmdHi}` (a7efdc503 SlotLockService.php:318–321), the slot as the
 * handler parsed it (the callers' zone: Europe/Berlin on the code's profiles). racesim's services carry no `services.id`: a service's place in the world's list (from 1)
 * stands for it, so two services on one event type lock apart, as the code's two ids would.
 */
export function slotLockKey(ctx: AppContext, request: CallRequest): string {
  const serviceId = ctx.world.services.indexOf(request.service) + 1;
  return `slot_lock:c${request.service.company}:s${serviceId}:t${ymdHi(request.slot)}`;
}

/**
 * `AvailabilityWithLockService::wrapWithLock` on an "available" answer (a7efdc503
 * RetellFunctionCallHandler.php:1545–1560, FEATURE_SLOT_LOCKING on): `acquireLock` asks `Cache::has`,
 * and on a hit reads the holder (`Cache::get`) and refuses, whoever holds it, the same call included
 * (SlotLockService.php:60–84, no ownership test); on a miss it writes the lock with `Cache::put`
 * (97). The two are separate Redis round trips, not an atomic add: between them every other request
 * due at the same instant runs (`yield 0`), so two checks whose `has` both run before either `put` both
 * get the lock. `wrapWithLock` takes
 * `int $companyId`: a call without a company is a TypeError, which no `catch (\Exception)` of the
 * handler catches (HTTP 500, `no-company`).
 */
export function* acquireSlotLock(ctx: AppContext, request: CallRequest): Process<'locked' | 'held' | 'no-company'> {
  if (request.service.company === null) {
    if (ctx.tracing) ctx.note('AvailabilityWithLockService::wrapWithLock(): int $companyId given null (TypeError, HTTP 500)');
    return 'no-company';
  }
  const key = slotLockKey(ctx, request);
  if ((yield* ctx.store.get(key)) !== null) {
    yield* ctx.store.get(key); // the holder, read for the conflict's log line (61)
    if (ctx.tracing) ctx.note(`slot lock ${key} held: "Dieser Zeitslot wurde gerade von einem anderen Kunden gebucht" (slot_just_taken)`);
    return 'held';
  }
  yield 0; // the has → put gap
  yield* ctx.store.put(key, request.caller, SLOT_LOCK_TTL_SECONDS);
  return 'locked';
}
