import type { Process } from '../../../../core/simulation.ts';
import type { LocalTime } from '../../../../core/zonedTime.ts';

/** One call of `clearAvailabilityCacheForEventType`: what was booked, and by which path. */
export interface Invalidation {
  /** The Cal.com event type booked: every key of it is a candidate. */
  readonly eventType: number;
  /** The team id the caller passed; null from the webhook (and from the voice paths at the fix commit). */
  readonly teamId: number | null;
  /** The booked slot in the callers' time zone; null when the caller does not know it. */
  readonly slot: LocalTime | null;
  /** Which path invalidates; it only labels the trace. */
  readonly path: 'booking' | 'webhook';
}

/**
 * What a booking invalidates (an axis of a variant): a list of keys to forget, a generation bump, or
 * nothing. `App` is the app's context the strategy reaches; a parameter so this folder does not import the app.
 */
export interface InvalidationStrategy<App> {
  /** How `racesim variants` and `--fix a+b` conflicts name it, e.g. `generation-bump`. */
  readonly name: string;
  /** Clears what the booking made stale, whenever the timing strategy runs it. */
  clear(app: App, invalidation: Invalidation): Process<void>;
}
