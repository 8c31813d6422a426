/**
 * What the driver does not reproduce, said with every result: a difference these explain is a limit of
 * the driver, not of the model. Each names where it is handled.
 */
export const driverLimits: readonly string[] = [
  'Controllers are not driven (RetellFunctionCallHandler, RetellApiController and CalcomWebhookController need services, the request and the database the driver has no stubs for): a step runs the units the model\'s step ran, with the arguments the model gave them, and the glue between them (which slot a read is tested for, booking when it is listed, the finder when not) is the model\'s (codeSystem.ts).',
  'The booking POST is CalcomService::createBooking with the slot, the callers\' zone and a team id only where the model\'s step cleared after booking; the agent\'s cancel and reschedule at Cal.com are the model\'s.',
  'A step whose model answered without calling a driven unit (the booking guard\'s pre-check of the app\'s own appointments) is listed as not compared.',
  'App\\Models\\Appointment is an empty table: the app\'s appointment rows are never written, so the finder\'s conflict filter (57b4aa6f6) finds none.',
  'The finder is given the step\'s local wall time parsed in app.timezone, 30 minutes long, and the tenant of the model\'s Layer 2 key (the call\'s branch when the service has one).',
  'The framework is Debian\'s Laravel 8.83, not the 11.x the app ships: its cache Repository, HTTP client and validator stand in (shims.php).',
  'App\\Models\\Service is a stub answering from the scenario\'s services (no database); the clear\'s Service::where(...)->get() reads it.',
  'Only Layer 1 (calcom:slots:…) and Layer 2 (cal_slots_…) keys are compared: the circuit breaker keeps its state in cache keys the model keeps in memory, and Cache::lock keys are the code\'s alone.',
  'Cal.com ranges are compared to the second: the code sends endOfDay() as …T23:59:59 (toIso8601String drops the fraction), the model ends a day at its last millisecond.',
  'A Layer 1 read the code version\'s validation refused leaves no key in the model\'s history: the driver repeats it without a team id.',
];
