import { isoUtc } from '../../../../core/zonedTime.ts';
import type { AppContext } from '../../appContext.ts';
import { errorAnswer } from '../../answers.ts';
import { appointmentKey, type BookingGuard } from './bookingGuard.ts';
import { unguardedBooking } from './none.ts';

/**
 * 4434a4976: before booking, a `lockForUpdate` read of the app's own appointments; a slot it booked
 * already makes AppointmentCreationService return null, so the booking fails without asking Cal.com.
 * The function-call `bookAppointment` of that commit has no such read (no `lockForUpdate` in
 * RetellFunctionCallHandler 4434a4976), so the validated booking step goes on (`unguardedBooking`'s).
 */
export const ownAppointmentsPrecheck: BookingGuard<AppContext> = {
  ...unguardedBooking,
  name: 'own-appointments-precheck',
  *beforeBooking(ctx, request, ownAppointments) {
    if (!ownAppointments.has(appointmentKey(request))) return null;
    if (ctx.tracing) ctx.note(`appointments.lockForUpdate ${isoUtc(request.slotMs)}: already booked by the app`);
    return errorAnswer(null);
  },
};
