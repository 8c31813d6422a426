import type { LedgerBooking } from '../calcom/fakeCalcom.ts';
import type { HistoryEvent } from '../core/history.ts';
import { ymdHis, type ZonedCalendar } from '../core/zonedTime.ts';
import type { CallRecord } from '../metrics/history.ts';
import { Oracle, type Judgement } from '../metrics/oracle.ts';
import type { World, WorldOutcome } from '../world.ts';

/**
 * One judged run: what every check reads. The history of calls with the oracle's judgement of each,
 * Cal.com's ledger (the ground truth), the run's counters, and the typed events when the run recorded
 * them. A Monte Carlo run has all of it but the events, at no extra cost: it only wraps what is there.
 */
export interface JudgedRun {
  /** In answer order, as the world appended them. */
  readonly records: readonly CallRecord[];
  /** The oracle's judgement of `records[i]`. */
  readonly judgements: readonly Judgement[];
  readonly ledger: readonly LedgerBooking[];
  /** Cache keys alive when the run ended, sorted. */
  readonly liveKeys: readonly string[];
  readonly counters: { readonly keysForgotten: number; readonly calcomRequests: number };
  /** The typed history; null for runs that did not keep one (Monte Carlo). */
  readonly events: readonly HistoryEvent[] | null;
  /** A slot's local start as reports show it, e.g. `2025-10-20 13:00`. */
  slotText(ms: number): string;
}

/** A call of the run with its judgement. */
export interface JudgedCall {
  readonly record: CallRecord;
  readonly judgement: Judgement;
}

/** Judges a finished world's history against its ledger. */
export function judgeRun(world: World, outcome: WorldOutcome): JudgedRun {
  const { calendar } = world;
  return {
    records: outcome.records,
    judgements: new Oracle(outcome.ledger, world.calcom).judgeAll(outcome.records),
    ledger: outcome.ledger,
    liveKeys: outcome.liveKeys,
    counters: { keysForgotten: outcome.stats.keysForgotten, calcomRequests: outcome.calcomRequests },
    events: outcome.trace?.events ?? null,
    slotText: (ms) => slotTextIn(calendar, ms),
  };
}

/** A slot's local start, minutes precision. */
export const slotTextIn = (calendar: ZonedCalendar, ms: number): string => ymdHis(calendar.toLocal(ms)).slice(0, 16);

/** The calls in answer order. */
export const callsOf = (run: JudgedRun): JudgedCall[] => run.records.map((record, i) => ({ record, judgement: run.judgements[i] }));

/** The calls in step order (a scenario's file order; a workload's call numbers). */
export const callsInStepOrder = (run: JudgedRun): JudgedCall[] => callsOf(run).sort((a, b) => a.record.index - b.record.index);

/** What `find` gives for the first call in step order it gives anything for; one pass, no sort (a Monte Carlo run has thousands of calls). */
export function firstInStepOrder<T>(run: JudgedRun, find: (record: CallRecord, judgement: Judgement) => T | null): T | null {
  let best: { index: number; found: T } | null = null;
  run.records.forEach((record, i) => {
    if (best && record.index >= best.index) return;
    const found = find(record, run.judgements[i]);
    if (found !== null) best = { index: record.index, found };
  });
  return (best as { found: T } | null)?.found ?? null;
}

/** The slot a call's answer was really about, when the code tested another one (its own check or the booking's re-check). */
export const readSlotMsOf = (record: CallRecord): number | undefined => record.answer.readSlotMs ?? record.answer.precheck?.readSlotMs;

/** Whether any offered alternative was already taken when offered. */
export const offersTaken = (judgement: Judgement): boolean => judgement.alternativeTruths.includes('taken');
