import type { CodeVersion } from './codeVersion.ts';
import { phaseAPlusCode } from './phaseAPlus.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * e06c5837e: `getAvailableSlots` validates `date_format:Y-m-d` on its range, so the hourly `Y-m-d H:i:s`
 * callers (both check endpoints) fail there, and `after_or_equal:today` on its start, today in the app's
 * time zone (`app.timezone`): a caller whose local date is still yesterday there fails too. A day without
 * a free slot is cached 60 s.
 */
export const datesOnlyCode: CodeVersion = {
  ...phaseAPlusCode,
  name: 'dates-only',
  layer1RangeProblem(start, end, today) {
    if (!DATE.test(start) || !DATE.test(end)) return 'date_format:Y-m-d';
    return start < today() ? 'after_or_equal:today' : null; // Y-m-d strings order as their dates
  },
  emptyResultTtlSeconds: 60,
};
