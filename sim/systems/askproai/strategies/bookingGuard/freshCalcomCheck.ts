import { startOfDay } from '../../../../core/zonedTime.ts';
import type { AppContext } from '../../appContext.ts';
import { layer1Day } from '../../layer1.ts';
import type { BookingGuard } from './bookingGuard.ts';
import { ownAppointmentsPrecheck } from './ownAppointmentsPrecheck.ts';

/**
 * 57b4aa6f6's double check as it ran, on top of 4434a4976's pre-check of the app's appointments: the
 * booking step's day re-check matches in UTC with any overlap (so exactly, whatever the profile's
 * matching), then the day is read once more through `getAvailableSlots` with the company's team right
 * before `POST /bookings` (RetellFunctionCallHandler around 2293–2334). The loop over that read walks the
 * `Response` object itself, not its slots: its first public property (`cookies`) is null, `$slot['time']`
 * on null is a warning Laravel raises as an ErrorException, and the surrounding `catch (\Exception)` logs
 * "DOUBLE-CHECK ERROR: Continuing with booking attempt". So the read is paid and never blocks a booking.
 */
export const freshCalcomCheck: BookingGuard<AppContext> = {
  name: 'fresh-calcom-check',
  beforeBooking: ownAppointmentsPrecheck.beforeBooking,
  dayCheckSlotMs: (request) => request.slotMs,
  *afterDayCheck(ctx, request) {
    const { service } = request;
    const again = yield* layer1Day(ctx, service.eventType, service.team, startOfDay(request.slot), request.latencyMs);
    if (ctx.tracing && again.body) ctx.note('double-check: foreach over the Response object, $slot[\'time\'] on null: ErrorException caught, booking continues');
    return null;
  },
};
