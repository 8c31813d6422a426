import type { HistoryEvent } from '../../core/history.ts';
import { readSlotMsOf } from '../../checkers/judgedRun.ts';
import { alternativeChain } from './alternatives.ts';
import { aftermathWords, bookingAftermath, bookingsOf, entryText, slotTime, traceBack } from './links.ts';
import type { RunHistory, StepAnswer } from './runHistory.ts';

/** An answer's causal chain: the event ids to light up, and the same story in words for screen readers. */
export interface CausalChain {
  readonly ids: readonly number[];
  readonly why: string;
}

/**
 * What an answer rests on: every cache hit and Cal.com read its process made, each hit followed back
 * through the fill that wrote its entry to the read that fill took its value from; for a wrong direct
 * answer also the booking that made it wrong, that booking's clears and its webhook (or, when the code
 * tested another slot, that it did); then each offered alternative's own chain (alternatives.ts).
 */
export function causalChain(history: RunHistory, answer: StepAnswer): CausalChain {
  const ids = new Set<number>();
  const reads = history.eventsOf(answer).filter((e) => (e.kind === 'cache.get' && e.hit) || e.kind === 'calcom.read');
  for (const read of reads) traceBack(history, read, ids);
  const words = [answerSource(history, answer), ...testedWords(history, answer, ids), ...directWrongWords(history, answer, ids)];
  answer.step.alternatives.forEach((_, k) => words.push(alternativeChain(history, answer, k, ids)));
  return { ids: [...ids].sort((a, b) => a - b), why: words.join('; ') };
}

/** The first cache hit or Cal.com read of the answer's process: what the answer rests on first. */
export function firstRead(history: RunHistory, answer: StepAnswer): HistoryEvent | undefined {
  return history.eventsOf(answer).find((e) => (e.kind === 'cache.get' && e.hit) || e.kind === 'calcom.read');
}

/** The first thing the answer read: a cache entry (with its fill), or Cal.com. */
export function answerSource(history: RunHistory, answer: StepAnswer): string {
  const read = firstRead(history, answer);
  if (read?.kind === 'cache.get' && read.entry !== null) return `from ${entryText(history, read.key, history.byId.get(read.entry))}`;
  if (read?.kind === 'calcom.read') return `from Cal.com, read at ${history.clock(read.at)}`;
  return 'without a cache or Cal.com read';
}

/** When the code tested another slot than the one asked (UTC `H:i` matching): which, and who had booked it. */
function testedWords(history: RunHistory, answer: StepAnswer, ids: Set<number>): string[] {
  const testedMs = readSlotMsOf(answer.record);
  if (testedMs === undefined) return [];
  const words = [`asked ${slotTime(answer.step.slot)}, tested ${slotTime(answer.step.readSlot!)} (the code matches the slot's UTC H:i)`];
  for (const booking of bookingsOf(history, answer, testedMs)) {
    ids.add(booking.id);
    words.push(`${slotTime(answer.step.readSlot!)} booked by ${booking.bookedBy} (${booking.uid}) at ${history.clock(booking.at)}`);
  }
  return words;
}

/**
 * For a wrong direct answer (a stale "available", a rejected booking): the bookings of its slot and what
 * followed them. When the answer was about another slot (wrong-slot), the booking alone: no clear or
 * webhook could have made it right.
 */
function directWrongWords(history: RunHistory, answer: StepAnswer, ids: Set<number>): string[] {
  const { step, record } = answer;
  if (!step.stale && step.outcome !== 'conflict') return [];
  const wrongSlot = step.readSlot !== null;
  const words: string[] = [];
  for (const booking of bookingsOf(history, answer, record.slotMs)) {
    ids.add(booking.id);
    words.push(`booking ${booking.uid} by ${booking.bookedBy} accepted at ${history.clock(booking.at)}`);
    if (wrongSlot) continue;
    for (const after of bookingAftermath(history, booking, answer.answered.at)) {
      ids.add(after.id);
      words.push(aftermathWords(history, after));
    }
  }
  if (wrongSlot) words.push(`wrong-slot: the answer was about ${slotTime(step.readSlot!)}, not a stale cache`);
  return words;
}
