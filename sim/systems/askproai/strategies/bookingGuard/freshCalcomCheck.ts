import { startOfDay } from '../../../../core/zonedTime.ts';
import type { AppContext } from '../../appContext.ts';
import { listsSlot } from '../../answers.ts';
import { layer1Day } from '../../layer1.ts';
import type { BookingGuard } from './bookingGuard.ts';
import { ownAppointmentsPrecheck } from './ownAppointmentsPrecheck.ts';

/**
 * 57b4aa6f6's double check, on top of 4434a4976's pre-check of the app's appointments: the booking
 * step's day re-check matches in UTC with any overlap (so exactly, whatever the profile's matching),
 * then the day is read once more through `getAvailableSlots` with the company's team right before
 * `POST /bookings`; a slot missing there is "gerade vergeben".
 */
export const freshCalcomCheck: BookingGuard<AppContext> = {
  name: 'fresh-calcom-check',
  beforeBooking: ownAppointmentsPrecheck.beforeBooking,
  dayCheckSlotMs: (request) => request.slotMs,
  *afterDayCheck(ctx, request) {
    const { service } = request;
    const again = yield* layer1Day(ctx, service.eventType, service.team, startOfDay(request.slot), request.latencyMs);
    // A failing double check is logged and the booking goes on.
    if (again.body && !listsSlot(again.body, request.slotMs)) return { outcome: 'unavailable', servedBy: again.servedBy, alternatives: [] };
    return null;
  },
};
