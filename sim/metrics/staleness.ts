import type { LedgerBooking } from '../calcom/fakeCalcom.ts';
import { keySetOf } from '../stores/cacheStore.ts';
import type { StoreObserver } from '../stores/observedStore.ts';
import type { CacheEntryReader } from '../systems/systemPlugin.ts';

/** How long one cache entry was readable: from its put to its expiry, overwrite, forget or generation change. */
interface Interval {
  readonly start: number;
  end: number;
}

/** A put of some key: its value and how long it stayed readable. */
interface Fill {
  readonly key: string;
  readonly value: unknown;
  readonly interval: Interval;
}

/**
 * Records, from every cache operation of a run, when each entry was readable, then answers for each
 * booking: how long after Cal.com accepted it did some entry still say "free" (including stale refills
 * written after the booking). 0 when no entry did. Which slots an entry lists is read only at the end,
 * and only for the booked slots: a run's puts far outnumber what the answer needs.
 */
export class StalenessRecorder implements StoreObserver {
  private readonly openByKey = new Map<string, Interval>();
  private readonly openVersioned = new Set<Interval>();
  private readonly fills: Fill[] = [];
  /** A key the store no longer holds was never put or has expired: its interval already ended, closing it changes nothing. */
  readonly ignoresAbsentForgets = true;

  constructor(
    private readonly clock: { readonly now: number },
    private readonly entries: CacheEntryReader,
  ) {}

  put(key: string, value: unknown, ttlSeconds: number): void {
    const now = this.clock.now;
    this.close(key, now);
    if (this.entries.isGenerationKey(key)) {
      for (const interval of this.openVersioned) interval.end = Math.min(interval.end, now);
      this.openVersioned.clear();
      return;
    }
    const interval = { start: now, end: now + ttlSeconds * 1000 };
    this.openByKey.set(key, interval);
    if (this.entries.isVersionedKey(key)) this.openVersioned.add(interval);
    this.fills.push({ key, value, interval });
  }

  forget(key: string): void {
    this.close(key, this.clock.now);
  }

  /** The staleness window of each booking, in ms, in ledger order. */
  windowsMs(ledger: readonly LedgerBooking[], iso: (ms: number) => string): number[] {
    if (ledger.length === 0) return [];
    // The latest end of an entry listing each booked slot, by event type and slot instant (ISO).
    const lastEnd = new Map<number, Map<string, number>>();
    for (const booking of ledger) {
      let slots = lastEnd.get(booking.eventTypeId);
      if (slots === undefined) lastEnd.set(booking.eventTypeId, (slots = new Map()));
      slots.set(iso(booking.startMs), -Infinity);
    }
    // An entry gone by the first acceptance cannot have listed a booked slot after it was booked.
    let firstAccepted = Infinity;
    for (const booking of ledger) firstAccepted = Math.min(firstAccepted, booking.acceptedAt);
    for (const { key, value, interval } of this.fills) {
      if (interval.end <= firstAccepted) continue;
      const entry = this.entries.freeSlots(key, value);
      const booked = entry && lastEnd.get(entry.eventType);
      if (!booked) continue;
      // A run books a slot or two and an entry lists a day of them: the booked ones are looked up in the
      // entry's list as a set, made once per list (cached lists are shared between runs).
      const listed = keySetOf(entry.times);
      for (const time of booked.keys()) if (interval.end > booked.get(time)! && listed.has(time)) booked.set(time, interval.end);
    }
    return ledger.map((booking) => Math.max(booking.acceptedAt, lastEnd.get(booking.eventTypeId)!.get(iso(booking.startMs))!) - booking.acceptedAt);
  }

  private close(key: string, now: number): void {
    const open = this.openByKey.get(key);
    if (!open) return;
    open.end = Math.min(open.end, now);
    this.openByKey.delete(key);
    this.openVersioned.delete(open);
  }
}
