import type { HistoryEvent } from '../../core/history.ts';
import { aftermathWords, bookingAftermath, bookingsOf, entryText, slotTime, traceBack } from './links.ts';
import type { EventOf, RunHistory, StepAnswer } from './runHistory.ts';

/**
 * The causal chain of the answer's k-th offered alternative, in words, its event ids added to `ids`:
 * the cache entry the finder read it from (layer, key: the window), who filled that entry and from
 * what; when the slot was already taken, the booking that took it and the clears that followed it and
 * did not reach the entry (or the older entry the fill copied; `brief` leaves those out). A slot spoken
 * as its UTC `H:i` was never read: its booking is named, and no clear or webhook is blamed.
 */
export function alternativeChain(history: RunHistory, answer: StepAnswer, k: number, ids: Set<number>, brief = false): string {
  const judged = answer.step.alternatives[k];
  const heard = slotTime(judged.slot, answer.step.slot);
  const spoken = judged.readSlot ? `${heard} (read ${slotTime(judged.readSlot, answer.step.slot)}, spoken as its UTC H:i)` : heard;
  const entry = judged.entryKey === null ? undefined : entryRead(history, answer, judged.entryKey);
  if (entry) traceBack(history, entry.read, ids);
  const from = !judged.entryKey ? ` (${judged.servedBy})` : ` from ${entryText(history, judged.entryKey, entry?.fill)}${entry?.fill ? sourceText(history, entry.fill) : ''}`;
  const words = [`offered ${spoken}${from}`];
  if (judged.stale) words.push(...takenWords(history, answer, k, entry?.fill, ids, brief));
  return words.join(', ');
}

/**
 * The entry the answer's process read `key` from: its last fill of the key, or its last hit (a process
 * that waited on another's fill reads the key again). Undefined when the process never read the key.
 */
export function entryRead(history: RunHistory, answer: StepAnswer, key: string): { read: HistoryEvent; fill: EventOf<'cache.put'> | undefined } | undefined {
  const read = history
    .eventsOf(answer)
    .filter((e) => (e.kind === 'cache.put' && e.key === key) || (e.kind === 'cache.get' && e.key === key && e.hit))
    .at(-1);
  if (!read) return undefined;
  const fill = read.kind === 'cache.get' && read.entry !== null ? history.byId.get(read.entry) : read;
  return { read, fill: fill?.kind === 'cache.put' ? fill : undefined };
}

/** Where a fill took its value from: Cal.com, or an entry of a lower layer (with its own fill). */
function sourceText(history: RunHistory, fill: EventOf<'cache.put'>): string {
  const source = fill.source ? history.byId.get(fill.source.event) : undefined;
  if (source?.kind === 'calcom.read') return ` from Cal.com read at ${history.clock(source.at)}`;
  if (source?.kind === 'cache.get' && source.entry !== null) return ` from ${entryText(history, source.key, history.byId.get(source.entry))}`;
  return '';
}

/** Why an offered slot was taken when offered: its bookings and, unless it was spoken in UTC, the clears that missed the entry. */
function takenWords(history: RunHistory, answer: StepAnswer, k: number, fill: EventOf<'cache.put'> | undefined, ids: Set<number>, brief: boolean): string[] {
  const judged = answer.step.alternatives[k];
  const words: string[] = [];
  for (const booking of bookingsOf(history, answer, answer.record.answer.alternatives[k].slotMs)) {
    ids.add(booking.id);
    words.push(`already taken: booking ${booking.uid} by ${booking.bookedBy} accepted at ${history.clock(booking.at)}`);
    if (judged.readSlot || brief) continue;
    const missed = fill && entryBefore(history, fill, booking.id);
    if (fill && !missed) {
      words.push('the entry was filled after that booking, from a read that still listed the slot');
      continue;
    }
    const after = bookingAftermath(history, booking, answer.answered.at);
    for (const e of after) ids.add(e.id);
    const entry = !missed || missed === fill ? 'this entry' : `the ${history.layerOf(missed.key)?.label ?? 'cache'} entry it was filled from (${missed.key})`;
    words.push(after.length ? `what followed did not clear ${entry}: ${after.map((e) => aftermathWords(history, e)).join('; ')}` : `nothing followed it to clear ${entry}`);
  }
  if (judged.readSlot) words.push(`wrong-slot: the finder read ${slotTime(judged.readSlot, answer.step.slot)} and spoke its UTC H:i, not a stale cache`);
  return words;
}

/** The entry in a fill's chain written before the booking (by history order): the one a clear after the booking had to reach. */
function entryBefore(history: RunHistory, fill: EventOf<'cache.put'>, bookingId: number): EventOf<'cache.put'> | undefined {
  let entry: HistoryEvent | undefined = fill;
  while (entry?.kind === 'cache.put' && entry.id > bookingId) {
    const source: HistoryEvent | undefined = entry.source ? history.byId.get(entry.source.event) : undefined;
    entry = source?.kind === 'cache.get' && source.entry !== null ? history.byId.get(source.entry) : undefined;
  }
  return entry?.kind === 'cache.put' ? entry : undefined;
}
