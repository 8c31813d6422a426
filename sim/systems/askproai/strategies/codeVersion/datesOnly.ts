import type { CodeVersion } from './codeVersion.ts';
import { phaseAPlusCode } from './phaseAPlus.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * e06c5837e: `getAvailableSlots` validates `date_format:Y-m-d` on its range, so the hourly `Y-m-d H:i:s`
 * callers (both check endpoints) fail there; a day without a free slot is cached 60 s.
 */
export const datesOnlyCode: CodeVersion = {
  ...phaseAPlusCode,
  name: 'dates-only',
  acceptsLayer1Range: (start, end) => DATE.test(start) && DATE.test(end),
  emptyResultTtlSeconds: 60,
};
