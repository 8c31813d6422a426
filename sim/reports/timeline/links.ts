/** How history events link, in ids to light and words to read: a read to its entry and source, a booking to what followed it. */
import type { HistoryEvent } from '../../core/history.ts';
import type { EventOf, RunHistory, StepAnswer } from './runHistory.ts';

/** A read and where its value came from: a hit's entry, that entry's fill, the fill's source, and so on down. */
export function traceBack(history: RunHistory, event: HistoryEvent, ids: Set<number>): void {
  if (ids.has(event.id)) return;
  ids.add(event.id);
  const next = event.kind === 'cache.get' ? event.entry : event.kind === 'cache.put' ? (event.source?.event ?? null) : null;
  const previous = next === null ? undefined : history.byId.get(next);
  if (previous) traceBack(history, previous, ids);
}

/** "a Layer 2 (cal_slots, 300 s) entry (key) filled at … by …": a cache entry named by its fill. */
export function entryText(history: RunHistory, key: string, fill: HistoryEvent | undefined): string {
  const filled = fill ? ` filled at ${history.clock(fill.at)} by ${fill.by}` : '';
  return `a ${history.layerOf(key)?.label ?? 'cache'} entry (${key})${filled}`;
}

/** The bookings of `slotMs` (the answer's event type) standing when the answer was given. */
export function bookingsOf(history: RunHistory, answer: StepAnswer, slotMs: number): EventOf<'calcom.accepted'>[] {
  const { record } = answer;
  const standing = history.run.outcome.ledger.filter(
    (b) => b.startMs === slotMs && b.eventTypeId === record.eventType && b.acceptedAt <= record.answeredAt && !(b.cancelled && b.cancelled.at <= record.answeredAt),
  );
  const uids = new Set(standing.map((b) => b.uid));
  return history.run.events.filter((e): e is EventOf<'calcom.accepted'> => e.kind === 'calcom.accepted' && uids.has(e.uid) && e.id < answer.answered.id);
}

/**
 * What followed a booking before the answer: the entries its clear removed (the clear that skipped the
 * entry read, when that is still alive) and what its webhook did. A webhook's process is named after its
 * booking (`webhook:<uid>`, `webhook:<uid>:again`), as the history recorder links them.
 */
export function bookingAftermath(history: RunHistory, booking: EventOf<'calcom.accepted'>, before: number): HistoryEvent[] {
  const webhook = `webhook:${booking.uid}`;
  return history.run.events.filter(
    (e) =>
      e.at <= before &&
      ((e.kind === 'cache.forget' && e.removed && e.cause === booking.id) ||
        (e.kind === 'webhook.lost' && e.uid === booking.uid) ||
        (e.kind === 'note' && (e.by === webhook || e.by.startsWith(`${webhook}:`)))),
  );
}

export function aftermathWords(history: RunHistory, event: HistoryEvent): string {
  const when = history.clock(event.at);
  if (event.kind === 'cache.forget') return `${event.by} cleared ${event.key} at ${when}`;
  if (event.kind === 'webhook.lost') return `its webhook was lost at ${when}`;
  return `${event.by} at ${when}: ${event.kind === 'note' ? event.text : event.kind}`;
}

/** A slot's time of day (`H:i`), with its date when it is not on `reference`'s day. */
export const slotTime = (slot: string, reference = slot) => (slot.slice(0, 10) === reference.slice(0, 10) ? slot.slice(11) : slot);
