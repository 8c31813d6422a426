import { isoUtc, startOfDay } from '../../../../core/zonedTime.ts';
import type { AppContext } from '../../appContext.ts';
import { errorAnswer } from '../../answers.ts';
import { layer1Day } from '../../layer1.ts';
import { appointmentKey, type BookingGuard } from './bookingGuard.ts';
import { ownAppointmentsPrecheck } from './ownAppointmentsPrecheck.ts';

/**
 * 57b4aa6f6's double check as it ran (RetellFunctionCallHandler 57b4aa6f6:2293–2334), on top of
 * 4434a4976's pre-check of the app's appointments, before each `POST /bookings`: the day is read again
 * through `getAvailableSlots` with `teamId: $company->calcom_team_id ?? null`, and `$company` is never
 * assigned in that method (2298), so the team-less key. The loop then walks the `Response` object itself,
 * not its slots. On a cache hit that Response is built from the cached body (CalcomService 57b4aa6f6
 * getAvailableSlots: `new Response(new Psr7Response(…))`), its first public property (`cookies`) is null,
 * `$slot['time']` on null is a warning Laravel raises as an ErrorException, the `catch (\Exception)` logs
 * "DOUBLE-CHECK ERROR: Continuing with booking attempt", and the booking goes on. On a miss it is the HTTP
 * client's own Response, whose `cookies` is a CookieJar: `$slot['time']` on it is a PHP `Error`, which no
 * `catch (\Exception)` catches: HTTP 500, no booking, the caller hears an error. A failed read (an
 * exception) is caught and the booking goes on. On the two-step flow its day re-check matches in UTC with
 * any overlap, so exactly.
 */
export const freshCalcomCheck: BookingGuard<AppContext> = {
  name: 'fresh-calcom-check',
  beforeBooking: ownAppointmentsPrecheck.beforeBooking,
  /**
   * `bookAppointment`'s own pre-check (a289f6717, so at 57b4aa6f6: 2105–2135 async, 2230–2268 sync): an
   * overlapping appointment of the app, read with lockForUpdate, answers "Dieser Termin wurde gerade
   * vergeben" without asking Cal.com.
   */
  *beforeValidatedBooking(ctx, request, ownAppointments) {
    if (!ownAppointments.has(appointmentKey(request))) return null;
    if (ctx.tracing) ctx.note(`PRE-SYNC CONFLICT ${isoUtc(request.slotMs)}: the app's own appointment, "gerade vergeben"`);
    return { outcome: 'unavailable', servedBy: null, alternatives: [] };
  },
  dayCheckSlotMs: (request) => request.slotMs,
  *afterDayCheck(ctx, request) {
    const again = yield* layer1Day(ctx, request.service.eventType, null, startOfDay(request.slot), request.latencyMs);
    if (!again.body) return null;
    if (again.servedBy === 'calcom') {
      if (ctx.tracing) ctx.note("double-check: foreach over the HTTP Response, $slot['time'] on its CookieJar: PHP Error, HTTP 500");
      return errorAnswer(null);
    }
    if (ctx.tracing) ctx.note("double-check: foreach over the cached Response, $slot['time'] on null: ErrorException caught, booking continues");
    return null;
  },
};
