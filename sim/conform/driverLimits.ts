/**
 * What the driver does not reproduce, said with every result: a difference these explain is a limit of
 * the driver, not of the model. Each names where it is handled.
 */
export const driverLimits: readonly string[] = [
  'Controllers are not driven (RetellFunctionCallHandler, RetellApiController and CalcomWebhookController need services, the request and the database the driver has no stubs for): a step runs the units the model\'s step ran, with the arguments the model gave them, and the glue between them (which slot a read is tested for, booking when it is listed, the finder when not) is the model\'s (codeSystem.ts).',
  'The booking POST is the model\'s (CalcomService::createBooking is not driven), and cancels and reschedules at Cal.com are not driven.',
  'The framework is Debian\'s Laravel 8.83, not the 11.x the app ships: its cache Repository, HTTP client and validator stand in (shims.php).',
  'App\\Models\\Service is a stub answering from the scenario\'s services (no database); the clear\'s Service::where(...)->get() reads it.',
  'Only Layer 1 (calcom:slots:…) and Layer 2 (cal_slots_…) keys are compared: the circuit breaker keeps its state in cache keys the model keeps in memory, and Cache::lock keys are the code\'s alone.',
  'Cal.com ranges are compared to the second: the code sends endOfDay() as …T23:59:59 (toIso8601String drops the fraction), the model ends a day at its last millisecond.',
  'A Layer 1 read the code version\'s validation refused leaves no key in the model\'s history: the driver repeats it without a team id.',
];
