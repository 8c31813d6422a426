import type { Process } from '../../../../core/simulation.ts';
import type { Answer, CallRequest } from '../../../bookingSystem.ts';

/**
 * What guards the booking itself (an axis of a variant), around the profile's own day re-check: nothing,
 * a database pre-check of the app's appointments, or a fresh check right before `POST /bookings`.
 * `App` is the app's context the strategy reaches; a parameter so this folder does not import the app.
 */
export interface BookingGuard<App> {
  /** How `racesim variants` and `--fix a+b` conflicts name it, e.g. `own-appointments-precheck`. */
  readonly name: string;
  /**
   * First thing in the booking step: an answer ends the booking there, null goes on. `ownAppointments`
   * holds the `appointmentKey` of every booking the app made.
   */
  beforeBooking(app: App, request: CallRequest, ownAppointments: ReadonlySet<string>): Process<Answer | null>;
  /** The instant (ms since the epoch) the profile's day re-check tests, given the one its slot matching picks. */
  dayCheckSlotMs(request: CallRequest, profileSlotMs: number): number;
  /** Right after the profile's day re-check found the slot: an answer ends the booking there, null books. */
  afterDayCheck(app: App, request: CallRequest): Process<Answer | null>;
  /**
   * On the validated booking step (validatedBooking.ts, 484a16e68 on), after its re-check and before the
   * async or sync path: an answer ends the booking there, null goes on.
   */
  beforeValidatedBooking(app: App, request: CallRequest, ownAppointments: ReadonlySet<string>): Process<Answer | null>;
}

/** The app's `appointments` row a booking makes: company, branch and start. */
export const appointmentKey = (request: CallRequest) => `${request.service.company}|${request.service.branch}|${request.slotMs}`;
