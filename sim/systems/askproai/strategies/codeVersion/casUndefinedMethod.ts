import type { CodeVersion } from './codeVersion.ts';
import { datesOnlyCode } from './datesOnly.ts';

/**
 * 50749ce42 (2025-11-13), on e06c5837e: the function-call `check_availability` calls
 * `CalcomAvailabilityService::isTimeSlotAvailable` (RetellFunctionCallHandler 50749ce42:955), a method
 * that service does not have until 484a16e68. PHP raises an `Error`, which no `catch (\Exception)` of
 * the handler catches: HTTP 500 for every check on that endpoint.
 */
export const casUndefinedMethodCode: CodeVersion = { ...datesOnlyCode, name: 'cas-undefined-method', functionCallCheck: 'undefined-method' };
