import type { Attribution } from '../core/vocabulary.ts';
import { invalid, valid, type Checker } from './checker.ts';
import { firstInStepOrder } from './judgedRun.ts';

/** The first agent booking (in step order) Cal.com rejected for one of `causes`, as an invalid verdict. */
export function noRejectionFor(name: string, summary: string, causes: readonly Attribution[]): Checker {
  return {
    name,
    summary,
    check: (run) => {
      // Bookings on Cal.com's own page do not go through the agent, so only the agent's bookings count.
      const rejected = firstInStepOrder(run, (record, judgement) =>
        record.action === 'create_booking' && record.answer.outcome === 'conflict' && judgement.attribution !== null && causes.includes(judgement.attribution) ? { record, judgement } : null,
      );
      if (!rejected) return valid;
      const { record, judgement } = rejected;
      return invalid(
        run,
        `step ${record.index} (${record.caller}) was rejected for ${run.slotText(record.slotMs)}: ${judgement.attribution}${judgement.staleLayer ? ` (${judgement.staleLayer})` : ''}`,
        [{ step: record.index, outcome: 'conflict', attribution: judgement.attribution, staleLayer: judgement.staleLayer }],
      );
    },
  };
}
