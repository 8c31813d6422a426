import type { AppContext } from '../../appContext.ts';
import type { BookingGuard } from './bookingGuard.ts';

/** The booking goes to Cal.com after the profile's own checks alone (Phase A+). */
export const unguardedBooking: BookingGuard<AppContext> = {
  name: 'none',
  *beforeBooking() {
    return null;
  },
  dayCheckSlotMs: (_request, profileSlotMs) => profileSlotMs,
  *afterDayCheck() {
    return null;
  },
  *beforeValidatedBooking() {
    return null;
  },
};
