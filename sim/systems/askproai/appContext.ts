import type { ZonedCalendar } from '../../core/zonedTime.ts';
import type { CalcomNetwork } from '../../calcom/calcomNetwork.ts';
import type { FakeCalcom } from '../../calcom/fakeCalcom.ts';
import type { CacheStore } from '../../stores/cacheStore.ts';
import type { WorldConfig } from '../../worldConfig.ts';
import type { Profile } from './profiles.ts';
import type { InvalidationVariant } from './variants.ts';

/** Counters the app keeps as it runs; the metrics read them when the run ends. */
export interface AppStats {
  layer1Hits: number;
  layer1Misses: number;
  layer2Hits: number;
  layer2Misses: number;
  /** Every `Cache::forget` the invalidation issued, whether or not the key was alive. */
  keysForgotten: number;
  /** How many invalidations ran (booking path and webhook path each count). */
  invalidations: number;
}

export function emptyAppStats(): AppStats {
  return { layer1Hits: 0, layer1Misses: 0, layer2Hits: 0, layer2Misses: 0, keysForgotten: 0, invalidations: 0 };
}

/** Everything the app's code reaches: its cache, Cal.com over the network, the clock, and its settings. */
export interface AppContext {
  readonly world: WorldConfig;
  readonly profile: Profile;
  readonly variant: InvalidationVariant;
  readonly store: CacheStore;
  readonly calcom: FakeCalcom;
  readonly network: CalcomNetwork;
  /** The callers' (and business hours') time zone. */
  readonly calendar: ZonedCalendar;
  /** Laravel's `app.timezone`: decides "today" when the invalidation enumerates days. */
  readonly appCalendar: ZonedCalendar;
  readonly clock: { readonly now: number };
  readonly stats: AppStats;
  /** Adds a line to the trace; check `tracing` first so untraced runs build no strings. */
  readonly tracing: boolean;
  note(line: string): void;
}
