import type { DeferredBookingEvent } from './core/history.ts';
import type { Trace } from './core/trace.ts';
import type { StoreObserver } from './stores/observedStore.ts';

/**
 * Writes one run's typed history and links its causes as they happen: each cache entry is the put that
 * wrote it; a hit names its entry; a put names the Cal.com read or lower-layer hit its process made
 * last; a forget names the entry it ended and the accepted booking its process (or webhook) follows.
 */
export class HistoryRecorder {
  /** The live entry (its put event) per key. */
  private readonly entries = new Map<string, number>();
  /** Per process: the last read a fill could have taken its value from. */
  private readonly lastSource = new Map<string, { event: number; at: number }>();
  /** Per process and per booking uid: the accepted booking a clear follows. */
  private readonly acceptedBy = new Map<string, number>();
  private readonly acceptedUid = new Map<string, number>();

  constructor(
    private readonly trace: Trace,
    private readonly process: { readonly now: number; readonly label: string },
  ) {}

  note(text: string): void {
    this.trace.record(this.process.now, this.process.label, { kind: 'note', text });
  }

  call(kind: 'call.invoked' | 'call.answered', step: number, text: string): void {
    this.trace.record(this.process.now, this.process.label, { kind, step, text });
  }

  calcomRead(eventType: number, fromMs: number, toMs: number): void {
    const event = this.trace.record(this.process.now, this.process.label, { kind: 'calcom.read', eventType, fromMs, toMs });
    this.lastSource.set(this.process.label, { event, at: this.process.now });
  }

  accepted(uid: string, bookedBy: string): void {
    const event = this.trace.record(this.process.now, this.process.label, { kind: 'calcom.accepted', uid, bookedBy });
    this.acceptedBy.set(this.process.label, event);
    this.acceptedUid.set(uid, event);
  }

  cancelled(uid: string): void {
    this.trace.record(this.process.now, this.process.label, { kind: 'calcom.cancelled', uid });
  }

  deferredBooking(event: Omit<DeferredBookingEvent, 'id' | 'at' | 'by'>): void {
    this.trace.record(this.process.now, this.process.label, event);
  }

  webhookLost(uid: string): void {
    this.trace.record(this.process.now, this.process.label, { kind: 'webhook.lost', uid });
  }

  /** The store's side: every get, put and forget becomes a linked cache event. */
  readonly observer: StoreObserver = {
    get: (key, hit) => {
      const entry = hit ? (this.entries.get(key) ?? null) : null;
      const event = this.trace.record(this.process.now, this.process.label, { kind: 'cache.get', key, hit, entry });
      if (hit) this.lastSource.set(this.process.label, { event, at: this.process.now });
    },
    put: (key, value, ttlSeconds) => {
      const source = this.lastSource.get(this.process.label) ?? null;
      const bytes = JSON.stringify(value).length;
      this.entries.set(key, this.trace.record(this.process.now, this.process.label, { kind: 'cache.put', key, ttlSeconds, bytes, source }));
    },
    forget: (key, removed) => {
      const entry = removed ? (this.entries.get(key) ?? null) : null;
      this.entries.delete(key);
      this.trace.record(this.process.now, this.process.label, { kind: 'cache.forget', key, removed, entry, cause: this.causeOf(this.process.label) });
    },
  };

  /** A webhook's process is named after its booking (`webhook:<uid>[:again]`); a booking's clear runs in the booking's process. */
  private causeOf(label: string): number | null {
    if (label.startsWith('webhook:')) return this.acceptedUid.get(label.split(':')[1]) ?? null;
    return this.acceptedBy.get(label) ?? null;
  }
}
