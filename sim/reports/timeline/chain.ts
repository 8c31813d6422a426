import type { HistoryEvent } from '../../core/history.ts';
import type { EventOf, RunHistory, StepAnswer } from './runHistory.ts';

/** An answer's causal chain: the event ids to light up, and the same story in words for screen readers. */
export interface CausalChain {
  readonly ids: readonly number[];
  readonly why: string;
}

/**
 * What an answer rests on: every cache hit and Cal.com read its process made, each hit followed back
 * through the fill that wrote its entry to the read that fill took its value from; for a wrong answer
 * also the booking that made it wrong, that booking's clears and its webhook.
 */
export function causalChain(history: RunHistory, answer: StepAnswer): CausalChain {
  const ids = new Set<number>();
  const reads = history.eventsOf(answer).filter((e) => (e.kind === 'cache.get' && e.hit) || e.kind === 'calcom.read');
  for (const read of reads) traceBack(history, read, ids);
  const words = [answerSource(history, answer)];
  for (const booking of wrongMakers(history, answer)) {
    ids.add(booking.id);
    words.push(`booking ${booking.uid} by ${booking.bookedBy} accepted at ${history.clock(booking.at)}`);
    for (const after of bookingAftermath(history, booking, answer.answered.at)) {
      ids.add(after.id);
      words.push(aftermathWords(history, after));
    }
  }
  return { ids: [...ids].sort((a, b) => a - b), why: words.join('; ') };
}

/** A read and where its value came from: a hit's entry, that entry's fill, the fill's source, and so on down. */
function traceBack(history: RunHistory, event: HistoryEvent, ids: Set<number>): void {
  if (ids.has(event.id)) return;
  ids.add(event.id);
  const next = event.kind === 'cache.get' ? event.entry : event.kind === 'cache.put' ? (event.source?.event ?? null) : null;
  const previous = next === null ? undefined : history.byId.get(next);
  if (previous) traceBack(history, previous, ids);
}

/** The first cache hit or Cal.com read of the answer's process: what the answer rests on first. */
export function firstRead(history: RunHistory, answer: StepAnswer): HistoryEvent | undefined {
  return history.eventsOf(answer).find((e) => (e.kind === 'cache.get' && e.hit) || e.kind === 'calcom.read');
}

/** The first thing the answer read: a cache entry (with its fill), or Cal.com. */
export function answerSource(history: RunHistory, answer: StepAnswer): string {
  const read = firstRead(history, answer);
  if (read?.kind === 'cache.get' && read.entry !== null) {
    const fill = history.byId.get(read.entry);
    const layer = history.layerOf(read.key);
    const filled = fill ? ` filled at ${history.clock(fill.at)} by ${fill.by}` : '';
    return `from a ${layer?.label ?? 'cache'} entry (${read.key})${filled}`;
  }
  if (read?.kind === 'calcom.read') return `from Cal.com, read at ${history.clock(read.at)}`;
  return 'without a cache or Cal.com read';
}

/** For a wrong answer: the accepted bookings of the slots it spoke of, from before it was given. */
function wrongMakers(history: RunHistory, answer: StepAnswer): EventOf<'calcom.accepted'>[] {
  const { step, record } = answer;
  if (!step.stale && step.outcome !== 'conflict' && !step.offersTaken) return [];
  const slots = new Set([record.slotMs, ...record.answer.alternatives.map((a) => a.slotMs)]);
  const uids = new Set(
    history.run.outcome.ledger.filter((b) => slots.has(b.startMs) && b.eventTypeId === record.eventType && b.acceptedAt <= record.answeredAt).map((b) => b.uid),
  );
  return history.run.events.filter((e): e is EventOf<'calcom.accepted'> => e.kind === 'calcom.accepted' && uids.has(e.uid) && e.id < answer.answered.id);
}

/**
 * What followed a booking before the answer: the entries its clear removed (the clear that skipped the
 * entry read, when that is still alive) and what its webhook did. A webhook's process is named after its
 * booking (`webhook:<uid>`, `webhook:<uid>:again`), as the history recorder links them.
 */
function bookingAftermath(history: RunHistory, booking: EventOf<'calcom.accepted'>, before: number): HistoryEvent[] {
  const webhook = `webhook:${booking.uid}`;
  return history.run.events.filter(
    (e) =>
      e.at <= before &&
      ((e.kind === 'cache.forget' && e.removed && e.cause === booking.id) ||
        (e.kind === 'webhook.lost' && e.uid === booking.uid) ||
        (e.kind === 'note' && (e.by === webhook || e.by.startsWith(`${webhook}:`)))),
  );
}

function aftermathWords(history: RunHistory, event: HistoryEvent): string {
  const when = history.clock(event.at);
  if (event.kind === 'cache.forget') return `${event.by} cleared ${event.key} at ${when}`;
  if (event.kind === 'webhook.lost') return `its webhook was lost at ${when}`;
  return `${event.by} at ${when}: ${event.kind === 'note' ? event.text : event.kind}`;
}
