/**
 * The words racesim's history, checkers and reports share. They belong to the harness, not to a file
 * format or a system under test: the scenario loader, every system and every checker import them here.
 */

/**
 * What a caller asks for: the agent's functions (check, book, cancel the booking that holds a slot, move
 * it to another slot), or, on Cal.com's own page, a booking, a cancellation, or a move (only the webhook
 * tells the app of any of those).
 */
export const stepActions = ['check_availability', 'create_booking', 'cancel_booking', 'reschedule_booking', 'external_booking', 'external_cancel', 'external_reschedule'] as const;
export type StepAction = (typeof stepActions)[number];

/**
 * The app function a `create_booking` goes through at the fix commit: `book_appointment`
 * (RetellFunctionCallHandler::bookAppointment and RetellApiController::bookAppointment: `POST /bookings`
 * at once) or `collect_appointment_data` with `bestaetigung: true` (the day re-checked on Layer 1 first,
 * matched by UTC `H:i`). Without one a booking goes through the profile's own path.
 */
export const bookingFunctions = ['book_appointment', 'collect_appointment_data'] as const;
export type BookingFunction = (typeof bookingFunctions)[number];

/** Whether an action moves a booking to another slot (and so names it in `to:`). */
export const movesBooking = (action: StepAction): boolean => action === 'reschedule_booking' || action === 'external_reschedule';

/** Whether an action is done on Cal.com's own page, not a call to the agent. */
export const onCalcomPage = (action: StepAction): boolean => action.startsWith('external_');

/** What the caller was told (`cancelled`: Cal.com's page cancelled the booking). */
export const outcomes = ['available', 'unavailable', 'booked', 'conflict', 'error', 'cancelled'] as const;
export type Outcome = (typeof outcomes)[number];

/**
 * Where an availability answer came from: a cache layer, by the name its system declares (`layer2`,
 * `layer1`, or a stack file's own names), or `calcom` when the system asked Cal.com itself.
 */
export type ServedBy = string;

/**
 * Why a booking the caller had been told was free was rejected (and, for `wrong-slot`, why a caller was
 * told "taken" for a free slot: the app had looked at another instant than the one asked).
 */
export const attributions = ['toctou', 'stale-cache', 'upstream-lag', 'no-check', 'wrong-slot'] as const;
export type Attribution = (typeof attributions)[number];
