import type { DeferredBookingEvent } from '../core/history.ts';
import type { RandomStreams } from '../core/random.ts';
import type { Process } from '../core/simulation.ts';
import type { ZonedCalendar } from '../core/zonedTime.ts';
import type { CalcomNetwork } from '../calcom/calcomNetwork.ts';
import type { FakeCalcom } from '../calcom/fakeCalcom.ts';
import type { CacheStore } from '../stores/cacheStore.ts';
import type { WorldConfig } from '../worldConfig.ts';
import type { BookingSystem } from './bookingSystem.ts';

/**
 * The contract between the harness and a system under test (TigerBeetle passes its state machine to
 * the simulated cluster the same way): everything the world, the metrics, the reports and the CLI need
 * to know about a system comes from its plug-in object, registered in sim/systems/registry.ts.
 */
export interface SystemPlugin {
  /** The name users pick (`--system`, `system:` in files). */
  readonly name: string;
  readonly summary: string;
  /** Versions of the system (`--profile`); the first is the default. */
  readonly profiles: readonly NamedChoice[];
  /** Cache designs (`--fix`). */
  readonly variants: readonly NamedChoice[];
  /** Throws a one-line InputError unless `name` is a variant, composed ones (`on+recheck`) included. */
  checkVariant?(name: string, option: string): void;
  /** Its cache layers, from the caller inward, with the TTLs a world and variant give them. */
  layers(world: WorldConfig, variant: string): readonly CacheLayer[];
  /** The layer (its `name`) a cache key belongs to, or null for keys of no layer (locks, generations); timelines draw keys by it. */
  classifyKey?(key: string): string | null;
  /** What span a cache key covers in the system's own words (`day`, `hour`, `window`), for grouping findings. */
  keyKind?(key: string): string | null;
  /** How to read its cache entries, for the staleness recorder. */
  readonly entries: CacheEntryReader;
  /**
   * Why a profile cannot run callers in `callersZone` in this world (the code reads their spoken times
   * in another zone), or null when it can. Scenarios and workloads in such a zone are refused (exit 2).
   */
  callerZoneProblem?(profile: string, callersZone: string, world: WorldConfig): string | null;
  /** Builds the system for one run on the harness's clock, store and Cal.com. */
  build(environment: SystemEnvironment): BuiltSystem;
}

/** A profile or variant as users see it. */
export interface NamedChoice {
  readonly name: string;
  readonly summary: string;
  /** For variants: baseline, later version, closing design … (reports group by it). */
  readonly family?: string;
  /** Where this version of the code came from, when it is a real commit. */
  readonly origin?: { readonly commit: string; readonly date: string; readonly branch?: string };
  /** For variants made of strategies: the choice on each axis, e.g. `{ read: 'versioned', invalidates: 'generation-bump' }`. */
  readonly choices?: Readonly<Record<string, string>>;
}

export interface CacheLayer {
  /** The layer's name in results (`servedBy`, `staleLayer`), e.g. `layer2`. */
  readonly name: string;
  /** Its short name in table headers, e.g. `Layer 2`. */
  readonly title: string;
  /** How reports and timelines title it, e.g. `Layer 2 (cal_slots, 300 s)`. */
  readonly label: string;
  /** Time to live of its entries in this world and variant, in seconds. */
  readonly ttlSeconds: number;
}

export interface CacheEntryReader {
  /** The slots a stored entry says are free (ISO instants, UTC), or null for keys that hold no slots. */
  freeSlots(key: string, value: unknown): { readonly eventType: number; readonly times: readonly string[] } | null;
  /** Whether writing this key ends every versioned entry at once (a generation bump). */
  isGenerationKey(key: string): boolean;
  /** Whether the key belongs to a generation, so a bump makes it unreadable. */
  isVersionedKey(key: string): boolean;
}

/** What the harness hands a system when it builds one for a run. */
export interface SystemEnvironment {
  readonly config: WorldConfig;
  readonly profile: string;
  readonly variant: string;
  readonly clock: { readonly now: number; order(): number };
  /** Runs `process` at virtual time `at` (a queued job, a webhook's handler). */
  spawn(at: number, label: string, process: Process<void>): void;
  readonly store: CacheStore;
  readonly calcom: FakeCalcom;
  /** Cal.com over the simulated network (latency, faults). */
  readonly network: CalcomNetwork;
  readonly streams: RandomStreams;
  /** The callers' time zone. */
  readonly calendar: ZonedCalendar;
  /** Whether the run keeps a trace; `note` adds a line to it. */
  readonly tracing: boolean;
  note(line: string): void;
  /** Records a deferred booking's step in the typed history (a no-op when the run keeps none). */
  deferredBooking(event: Omit<DeferredBookingEvent, 'id' | 'at' | 'by'>): void;
}

/** Counters every system keeps; the metrics read them when the run ends. */
export interface SystemStats {
  /** Hits and misses per layer name. */
  readonly hits: Readonly<Record<string, number>>;
  readonly misses: Readonly<Record<string, number>>;
  /** Every cache forget the invalidation issued, whether or not the key was alive. */
  readonly keysForgotten: number;
  /** How many invalidations ran (booking path and webhook path each count). */
  readonly invalidations: number;
  /** Callers told "booked" before Cal.com had the booking, and of those the ones it never took (absent: none told so). */
  readonly deferredBookings?: { readonly toldBooked: number; readonly laterFailed: number };
}

export interface BuiltSystem {
  readonly app: BookingSystem;
  /** The counters as they stand (read when the run ends). */
  stats(): SystemStats;
}
