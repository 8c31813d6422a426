import type { Process } from '../../../../core/simulation.ts';

/** One read through a cache layer, as `Cache::remember` gets it. */
export interface CacheRead<T> {
  /** The layer read; a strategy may treat them differently (the code coalesces Layer 1 only). */
  readonly layer: 'layer1' | 'layer2';
  /** The key as the PHP code builds it, before any generation suffix. */
  readonly key: string;
  /** The event type the entry belongs to: versioned keys keep one generation per event type. */
  readonly eventType: number;
  /** How long a fill is stored, in seconds; a function when it depends on the value (an empty day kept shorter). */
  readonly ttlSeconds: number | ((value: T) => number);
  /** The fill on a miss (Cal.com, or the layer below); null when it failed, and then nothing is stored. */
  readonly compute: () => Process<T | null>;
}

/**
 * How a read goes (an axis of a variant). `App` is the app's context the strategy reaches (its store,
 * clock and trace); it is a parameter so that this folder does not import the app.
 */
export interface ReadStrategy<App> {
  /** How `racesim variants` and `--fix a+b` conflicts name it, e.g. `leased`. */
  readonly name: string;
  /** The cached value, or the fill's on a miss; `hit` says which. */
  readThrough<T>(app: App, read: CacheRead<T>): Process<{ value: T | null; hit: boolean }>;
  /** Keys an invalidation forgets right after `key`, in order (a lease); each forget is one round trip. */
  companionKeys(key: string): readonly string[];
  /** Whether `companionKeys` is always empty, so a clear may forget its list as one batch. */
  readonly leavesNoCompanions: boolean;
}

const NO_KEYS: readonly string[] = [];
/** `companionKeys` of a strategy that leaves nothing beside a key (shared, so a clear allocates no list per key). */
export const noCompanionKeys = () => NO_KEYS;
