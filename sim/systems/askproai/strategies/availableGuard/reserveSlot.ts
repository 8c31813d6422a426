import type { AppContext } from '../../appContext.ts';
import type { AvailableGuard } from './availableGuard.ts';
import { reserveAtCalcom } from './calcomReservation.ts';

/** `call:{call}:reservation` is kept six minutes, a minute past the reservation (RetellFunctionCallHandler 29e6f809e:5010), in seconds. */
const RESERVATION_KEY_TTL_SECONDS = 360;

/**
 * The agent's `reserve_slot` after an "available" (from f482d0c51 and 207c493f0, as fixed on 12-14; line
 * numbers at 29e6f809e). The handler's doc (4910–4913) has the agent say "Ich halte den Termin kurz fest"
 * once the slot is free; here the check and the reservation are one step. `CalcomService::reserveSlot`
 * (1700–1830) posts `/v2/slots/reservations` for 5 minutes through the circuit breaker (1729; a refusal
 * is a reply, not an exception, so it is no breaker failure). A refused or failed reservation is
 * `responseFormatter->error` (4988–4992): an error answer, not "taken" as in the `reserve` design. A held
 * one writes `call:{call}:reservation` (5002–5010), which c5f564155 lets the booking's re-check skip
 * (3231); the re-check already skips after any check (validatedBooking.ts), so that changes nothing here.
 * The booking posts without the reservation's uid; the fake Cal.com lets the holder book the held slot
 * and refuses everyone else until it expires (fakeCalcom.ts `reserve`).
 */
export const reserveSlotCall: AvailableGuard<AppContext> = {
  name: 'reserve-slot',
  *guard(ctx, request, servedBy) {
    if (!(yield* reserveAtCalcom(ctx, request, 'refused'))) return { free: null, servedBy };
    yield* ctx.store.put(`call:${request.caller}:reservation`, request.slotMs, RESERVATION_KEY_TTL_SECONDS);
    return { free: true, servedBy };
  },
};
