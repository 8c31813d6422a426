/**
 * The typed, causal history of one run: what every check and report reads (Jepsen's history). The
 * trace's text lines and its hash are derived from it (`lineOf`), so rewording a report never changes
 * what happened. Recorded only for runs that keep a trace: Monte Carlo runs fold their metrics instead.
 */
export type HistoryEvent = EventBase &
  (
    | { readonly kind: 'note'; readonly text: string }
    | { readonly kind: 'call.invoked'; readonly step: number; readonly text: string }
    | { readonly kind: 'call.answered'; readonly step: number; readonly text: string }
    | CacheGet
    | CachePut
    | CacheForget
    | CalcomRead
    | { readonly kind: 'calcom.accepted'; readonly uid: string; readonly bookedBy: string }
    | { readonly kind: 'calcom.cancelled'; readonly uid: string }
    | { readonly kind: 'webhook.lost'; readonly uid: string }
    | DeferredBookingEvent
  );

interface EventBase {
  /** Position in the history; entries, sources and causes name events by it. */
  readonly id: number;
  /** Virtual time, ms since the epoch. */
  readonly at: number;
  /** The process that acted: a caller's step (`B#2`), a webhook (`webhook:booking-1`), a job. */
  readonly by: string;
}

/** A cache read. A hit names the entry it read. */
export interface CacheGet {
  readonly kind: 'cache.get';
  readonly key: string;
  readonly hit: boolean;
  /** The put event that wrote the entry read, for hits. */
  readonly entry: number | null;
}

/** A cache write: a new entry (its id is this event's id), with where its value came from. */
export interface CachePut {
  readonly kind: 'cache.put';
  readonly key: string;
  readonly ttlSeconds: number;
  readonly bytes: number;
  /** The Cal.com read or lower-layer hit this process made last before writing, with its time. */
  readonly source: { readonly event: number; readonly at: number } | null;
}

/** A cache forget, with the entry it ended and the booking or webhook that caused it. */
export interface CacheForget {
  readonly kind: 'cache.forget';
  readonly key: string;
  readonly removed: boolean;
  readonly entry: number | null;
  /** The `calcom.accepted` event of the booking this clear follows, when known. */
  readonly cause: number | null;
}

/** Cal.com's slots endpoint answering a system. */
export interface CalcomRead {
  readonly kind: 'calcom.read';
  readonly eventType: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * A booking the system answered before Cal.com had it (a queued sync job): the caller told "gebucht"
 * (`booking.told-booked`), each later attempt Cal.com refused (`booking.sync-failed`, with its number),
 * and the job giving up, the row flagged for manual review (`booking.manual-review`).
 */
export interface DeferredBookingEvent {
  readonly kind: 'booking.told-booked' | 'booking.sync-failed' | 'booking.manual-review';
  /** The caller the booking was for. */
  readonly caller: string;
  readonly eventType: number;
  /** The booked slot's start, ms since the epoch. */
  readonly startMs: number;
  /** The job's attempt (from 1) for `booking.sync-failed`; 0 for the other kinds. */
  readonly attempt: number;
}

/** The trace line of an event, or null for events the text trace never had (it stays byte-stable). */
export function lineOf(event: HistoryEvent): string | null {
  switch (event.kind) {
    case 'note':
    case 'call.invoked':
    case 'call.answered':
      return event.text;
    case 'cache.get':
      return `cache.get ${event.key} ${event.hit ? 'hit' : 'miss'}`;
    case 'cache.put':
      return `cache.put ${event.key} ttl=${event.ttlSeconds}s bytes=${event.bytes}`;
    case 'cache.forget':
      return `cache.forget ${event.key} ${event.removed ? 'removed' : 'absent'}`;
    case 'calcom.accepted':
      return `calcom.accepted ${event.uid} by=${event.bookedBy}`;
    case 'calcom.cancelled':
      return `calcom.cancelled ${event.uid}`;
    case 'webhook.lost':
      return `webhook.lost ${event.uid}`;
    case 'booking.told-booked':
    case 'booking.sync-failed':
    case 'booking.manual-review':
      return `${event.kind} ${event.caller} eventType=${event.eventType} start=${new Date(event.startMs).toISOString()}${event.attempt ? ` attempt=${event.attempt}` : ''}`;
    case 'calcom.read':
      return null;
  }
}

/** An event as recorded, before it has its id, time and process. */
export type NewEvent = HistoryEvent extends infer E ? (E extends HistoryEvent ? Omit<E, keyof EventBase> : never) : never;
