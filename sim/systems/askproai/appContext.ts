import type { DeferredBookingEvent } from '../../core/history.ts';
import type { Process } from '../../core/simulation.ts';
import type { RandomStream } from '../../core/random.ts';
import type { LocalTime, ZonedCalendar } from '../../core/zonedTime.ts';
import type { FakeCalcom } from '../../calcom/fakeCalcom.ts';
import type { CalcomNetwork } from '../../calcom/calcomNetwork.ts';
import type { CacheStore } from '../../stores/cacheStore.ts';
import type { WorldConfig } from '../../worldConfig.ts';
import type { CalcomClient } from './calcomClient.ts';
import type { Profile } from './profiles.ts';
import type { FixVariant } from './fixVariant.ts';

/** Counters the app keeps as it runs; the metrics read them when the run ends. */
export interface AppStats {
  layer1Hits: number;
  layer1Misses: number;
  layer2Hits: number;
  layer2Misses: number;
  /** Every `Cache::forget` the invalidation issued (leases included), whether or not the key was alive. */
  keysForgotten: number;
  /** How many invalidations ran (booking path and webhook path each count). */
  invalidations: number;
  /** Callers told "gebucht" before Cal.com had the booking (a queued sync job), and of those the ones flagged for manual review. */
  toldBooked: number;
  toldBookedLaterFailed: number;
}

export function emptyAppStats(): AppStats {
  return { layer1Hits: 0, layer1Misses: 0, layer2Hits: 0, layer2Misses: 0, keysForgotten: 0, invalidations: 0, toldBooked: 0, toldBookedLaterFailed: 0 };
}

/** Everything the app's code reaches: its cache, Cal.com over the network, the clock, and its settings. */
export interface AppContext {
  readonly world: WorldConfig;
  readonly profile: Profile;
  /** The variant's strategy on each axis: the app calls them, it does not branch on the variant. */
  readonly variant: FixVariant<AppContext>;
  readonly store: CacheStore;
  readonly calcom: FakeCalcom;
  /** Cal.com over the network, through the app's circuit breaker. */
  readonly calcomClient: CalcomClient;
  /** Cal.com over the network without the breaker (CalcomAvailabilityService's own HTTP client). */
  readonly calcomNetwork: CalcomNetwork;
  /** Draws for the cache faults (a failing Layer 2 forget). */
  readonly cacheFaults: RandomStream;
  /** Draws for the pause before a lock waiter's own fetch (f482d0c51's jitter, read/coalescedJitter.ts). */
  readonly coalesceJitter: RandomStream;
  /** The callers' (and business hours') time zone. */
  readonly calendar: ZonedCalendar;
  /** Laravel's `app.timezone`: decides "today" when the invalidation enumerates days. */
  readonly appCalendar: ZonedCalendar;
  readonly clock: { readonly now: number; order(): number };
  /** The TTLs in force: the world's, overridden by the variant's where it sets its own. */
  readonly ttlSeconds: { readonly layer1: number; readonly layer2: number };
  /** Runs `process` `delayMs` from now, as a queued job would (async invalidation). */
  defer(delayMs: number, label: string, process: Process<void>): void;
  readonly stats: AppStats;
  /**
   * The variant's forget lists by today (the app calendar's shared local midnight), event type, team and
   * booked hour (see forgetList.ts): the same for every booking of a day, so they are built once per
   * world and day instead of once per booking.
   */
  readonly forgetLists: Map<LocalTime, Map<number, Map<number | null, Map<number | string | null, readonly string[] | null>>>>;
  /** Adds a line to the trace; check `tracing` first so untraced runs build no strings. */
  readonly tracing: boolean;
  note(line: string): void;
  /** Records a deferred booking's step in the typed history (told booked, a refused sync attempt, manual review). */
  deferredBooking(event: Omit<DeferredBookingEvent, 'id' | 'at' | 'by'>): void;
}
