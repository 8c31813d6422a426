import type { ServedBy } from '../core/vocabulary.ts';
import type { CallRecord } from '../metrics/history.ts';
import { invalid, valid, type Checker } from './checker.ts';
import type { JudgedRun } from './judgedRun.ts';
import { registerProperty } from './registry.ts';

/** Where a stale "available" was heard: the direct answer, an offered alternative, or either (the headline). */
type StaleKind = 'direct' | 'alternatives' | 'any';

/** One "available" a caller heard for a slot that was already taken: the direct answer or an offered alternative. */
interface StaleHeard {
  readonly record: CallRecord;
  readonly slotMs: number;
  readonly servedBy: ServedBy | null;
  readonly alternative: boolean;
}

function* staleHeard(run: JudgedRun, kind: StaleKind): Generator<StaleHeard> {
  for (const [i, record] of run.records.entries()) {
    const judgement = run.judgements[i];
    if (kind !== 'alternatives' && judgement.stale) yield { record, slotMs: record.slotMs, servedBy: record.answer.servedBy, alternative: false };
    if (kind === 'direct') continue;
    for (const [k, truth] of judgement.alternativeTruths.entries()) {
      const offered = record.answer.alternatives[k];
      if (truth === 'taken') yield { record, slotMs: offered.slotMs, servedBy: offered.servedBy, alternative: true };
    }
  }
}

/** No stale "available" of `kind` heard later than `graceMs` after Cal.com accepted the booking that took the slot. */
const noStaleAfter = (name: string, summary: string, graceMs: number, kind: StaleKind = 'any'): Checker => ({
  name,
  summary,
  check: (run) => {
    for (const heard of staleHeard(run, kind)) {
      const { record } = heard;
      const taken = run.ledger.find((b) => b.eventTypeId === record.eventType && b.startMs === heard.slotMs);
      const lateBy = taken ? record.answeredAt - taken.acceptedAt : Infinity;
      if (lateBy <= graceMs) continue;
      const slot = run.slotText(heard.slotMs);
      const told = heard.alternative ? `was offered ${slot} as an alternative` : `was told ${slot} is free`;
      const when = Number.isFinite(lateBy) ? `${lateBy} ms after Cal.com accepted its booking` : 'though it is not bookable';
      return invalid(run, `step ${record.index} (${record.caller}) ${told} ${when} (served by ${heard.servedBy})`, [
        heard.alternative ? { step: record.index, offersTaken: true } : { step: record.index, outcome: 'available', stale: true, servedBy: record.answer.servedBy },
      ]);
    }
    return valid;
  },
});

const definitions = [
  { name: 'no-stale-available', summary: 'no caller is told "available" for a slot that is taken at that instant, directly or as an offered alternative', kind: 'any' },
  { name: 'no-stale-direct', summary: 'no direct "available" answer for a slot that is taken at that instant', kind: 'direct' },
  { name: 'no-stale-alternatives', summary: 'no offered alternative is already taken at the instant it is offered', kind: 'alternatives' },
] as const;
for (const { name, summary, kind } of definitions) registerProperty({ name, summary, make: () => noStaleAfter(name, summary, -1, kind) });

registerProperty({
  name: 'no-stale-after',
  argument: 'ms',
  summary: 'no stale "available" (direct or offered alternative) later than <ms> after the booking that took the slot was accepted',
  make: (ms) => noStaleAfter(`no-stale-after ${ms}`, `no stale "available" later than ${ms} ms after the booking that took the slot was accepted`, ms!),
});
