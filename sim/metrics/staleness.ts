import type { LedgerBooking } from '../calcom/fakeCalcom.ts';
import type { StoreObserver } from '../stores/observedStore.ts';
import type { CacheEntryReader } from '../systems/systemPlugin.ts';

/** How long one cache entry was readable: from its put to its expiry, overwrite, forget or generation change. */
interface Interval {
  readonly start: number;
  end: number;
}

/**
 * Records, from every cache operation of a run, when each slot read as free in some cache entry, then
 * answers for each booking: how long after Cal.com accepted it did some entry still say "free"
 * (including stale refills written after the booking). 0 when no entry did.
 */
export class StalenessRecorder implements StoreObserver {
  private readonly openByKey = new Map<string, Interval>();
  private readonly openVersioned = new Set<Interval>();
  /** Intervals by event type, then by slot instant (ISO): no key string is built per slot of every put. */
  private readonly bySlot = new Map<number, Map<string, Interval[]>>();

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
    const entry = this.entries.freeSlots(key, value);
    if (!entry) return;
    const interval = { start: now, end: now + ttlSeconds * 1000 };
    this.openByKey.set(key, interval);
    if (this.entries.isVersionedKey(key)) this.openVersioned.add(interval);
    let slots = this.bySlot.get(entry.eventType);
    if (slots === undefined) this.bySlot.set(entry.eventType, (slots = new Map()));
    for (const time of entry.times) {
      const list = slots.get(time);
      if (list) list.push(interval);
      else slots.set(time, [interval]);
    }
  }

  forget(key: string): void {
    this.close(key, this.clock.now);
  }

  /** The staleness window of each booking, in ms, in ledger order. */
  windowsMs(ledger: readonly LedgerBooking[], iso: (ms: number) => string): number[] {
    return ledger.map((booking) => {
      let last = booking.acceptedAt;
      for (const interval of this.bySlot.get(booking.eventTypeId)?.get(iso(booking.startMs)) ?? []) {
        if (interval.end > last) last = interval.end;
      }
      return last - booking.acceptedAt;
    });
  }

  private close(key: string, now: number): void {
    const open = this.openByKey.get(key);
    if (!open) return;
    open.end = Math.min(open.end, now);
    this.openByKey.delete(key);
    this.openVersioned.delete(open);
  }
}
