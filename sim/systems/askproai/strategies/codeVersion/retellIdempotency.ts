import type { CodeVersion } from './codeVersion.ts';
import { branchAsStringCode } from './branchAsString.ts';

/**
 * fd25bd785 (2025-11-26), taken alone on 57b4aa6f6: the synchronous booking answers a repeated
 * `start_booking` of the same call from `booking_success:{call}` (validatedBooking.ts). Its own-row test in
 * the lockForUpdate pre-check (fd25bd785:3018–3067) is not modelled: the row and the key are written at the
 * same instant here, so it differs only once the 300 s key has expired. The 10 s timeout is CalcomV2Client's
 * (fd25bd785:69–72), which the synchronous booking does not use (it posts through CalcomService).
 */
export const retellIdempotencyCode: CodeVersion = { ...branchAsStringCode, name: 'retell-idempotency', bookingIdempotency: true };
