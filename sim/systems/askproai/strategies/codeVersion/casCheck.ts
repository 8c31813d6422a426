import type { CodeVersion } from './codeVersion.ts';
import { datesOnlyCode } from './datesOnly.ts';

/**
 * 484a16e68 (2025-11-17), on 50749ce42: `CalcomAvailabilityService::isTimeSlotAvailable` exists, so the
 * function-call `check_availability` reads its own `calcom_slot:` entry (calcomAvailabilityService.ts),
 * and the booking step is the validated one with a retry (validatedBooking.ts).
 */
export const casCheckCode: CodeVersion = { ...datesOnlyCode, name: 'cas-check', functionCallCheck: 'calcom-availability-service', bookingFlow: 'validated-retry' };
