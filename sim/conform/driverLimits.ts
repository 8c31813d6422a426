/**
 * What the driver does not reproduce, said with every result: a difference these explain is a limit of
 * the driver, not of the model. Each names where it is handled.
 */
export const driverLimits: readonly string[] = [
  'Controllers are not driven (RetellFunctionCallHandler, RetellApiController and CalcomWebhookController need services, the request and the database the driver has no stubs for): a step runs the units the model\'s step ran, with the arguments the model gave them, and the glue between them (which slot a read is tested for, booking when it is listed, the finder when not) is the model\'s (codeSystem.ts).',
  'The booking POST is CalcomService::createBooking with the slot, the callers\' zone and a team id only where the model\'s step cleared after booking; the agent\'s cancel and reschedule at Cal.com are the model\'s.',
  'A step whose model answered without calling a driven unit (the booking guard\'s pre-check of the app\'s own appointments) is listed as not compared.',
  'A step whose model ran code the driver does not drive is listed as not compared, known by a key only that code reads (compareSteps.ts): booking_validation:… (the booking step from 484a16e68 on: re-check, double check, retry, asynchronous sync) and calcom_slot:… (CalcomAvailabilityService). Later steps can still differ where that step changed the state (a booking the stand-in made and the model did not).',
  'App\\Models\\Appointment is an empty table: the app\'s appointment rows are never written, so the finder\'s conflict filter (57b4aa6f6) finds none.',
  'The finder is given the step\'s local wall time parsed in app.timezone, 30 minutes long, and the tenant of the model\'s Layer 2 key (the call\'s branch when the service has one).',
  'The framework is Debian\'s Laravel 8.83, not the 11.x the app ships: its cache Repository, HTTP client and validator stand in (shims.php).',
  'App\\Models\\Service is a stub answering from the scenario\'s services (no database); the clear\'s Service::where(...)->get() reads it.',
  'Only Layer 1 (calcom:slots:…) and Layer 2 (cal_slots_…) keys are compared: the circuit breaker keeps its state in cache keys the model keeps in memory, and Cache::lock keys are the code\'s alone.',
  'A Layer 1 read the code version\'s validation refused leaves no key in the model\'s history: the driver repeats it without a team id.',
];
