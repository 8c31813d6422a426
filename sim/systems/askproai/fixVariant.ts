import type { AvailableGuard } from './strategies/availableGuard/availableGuard.ts';
import type { BookingGuard } from './strategies/bookingGuard/bookingGuard.ts';
import type { CodeVersion } from './strategies/codeVersion/codeVersion.ts';
import type { InvalidationStrategy } from './strategies/invalidates/invalidationStrategy.ts';
import type { ReadStrategy } from './strategies/read/readStrategy.ts';
import type { InvalidationTiming } from './strategies/when/invalidationTiming.ts';

/** TTLs a variant uses instead of the world's, per layer, in seconds; a layer left out keeps the world's. */
export interface TtlOverrides {
  /** Layer 1 (`calcom:slots:…`) entries' time to live, in seconds. */
  readonly layer1?: number;
  /** Layer 2 (`cal_slots_…`) entries' time to live, in seconds. */
  readonly layer2?: number;
}

/**
 * A variant's choice on each axis. `App` is the app's context the strategies reach (AppContext); it is a
 * parameter so that the strategy folders need not import the app.
 */
export interface AxisChoices<App> {
  /** How a read goes through either layer: plain, coalesced, leased, versioned. */
  readonly read: ReadStrategy<App>;
  /** What a booking invalidates: a forget list, a generation bump. */
  readonly invalidates: InvalidationStrategy<App>;
  /** When it invalidates: inline, or queued after a delay. */
  readonly when: InvalidationTiming<App>;
  /** What guards an "available" answer: nothing, a fresh re-check, a reservation. */
  readonly availableGuard: AvailableGuard<App>;
  /** What guards the booking itself: nothing, a database pre-check, a fresh check right before the POST. */
  readonly bookingGuard: BookingGuard<App>;
  /** TTL overrides per layer. */
  readonly ttlSeconds: TtlOverrides;
  /** The commit's other facts: range validation, the finder's branch format, the voice flag, the empty-day TTL. */
  readonly code: CodeVersion;
}

/** What a variant is called and where it comes from. */
export interface VariantIdentity {
  /** What `--fix` takes: a row's name, or `a+b` for a composed variant. */
  readonly name: string;
  /** Reports group by it: the baselines, the app's later history, designs that would close the race. */
  readonly family: 'baseline' | 'later version' | 'closing design';
  /** One paragraph for `racesim variants` and reports: what this version does. */
  readonly summary: string;
  /** The askproai-api commit this variant stands for, its date, and the branch when it never reached main. */
  readonly origin?: { readonly commit: string; readonly date: string; readonly branch?: string };
}

/** A row of the variants table: it names only the axes it changes from the defaults (Phase A+, `on`). */
export type VariantRow<App> = VariantIdentity & Partial<AxisChoices<App>>;

/** One version of the app's caching and invalidation, with a choice on every axis. */
export type FixVariant<App> = VariantIdentity & AxisChoices<App>;

export type AxisKey = keyof AxisChoices<unknown>;

export interface Axis {
  /** The field of `AxisChoices` it is, and its name in `racesim variants` (`read=…`). */
  readonly key: AxisKey;
  /** How messages name it: `--fix a+b: a and b both set how a read goes`. */
  readonly label: string;
  /** The variant's choice on this axis as `racesim variants` and messages print it. */
  choiceOf<App>(variant: AxisChoices<App>): string;
  /** Whether two variants choose alike: strategies by identity, data by value. */
  sameChoice<App>(a: AxisChoices<App>, b: AxisChoices<App>): boolean;
}

const ttlText = (ttl: TtlOverrides) => Object.entries(ttl).map(([layer, seconds]) => `${layer}:${seconds}`).join(',') || 'world';

/** A strategy axis: its choice is named by the strategy, and two variants agree when they hold the same strategy. */
function strategyAxis(key: Exclude<AxisKey, 'ttlSeconds'>, label: string): Axis {
  return { key, label, choiceOf: (variant) => variant[key].name, sameChoice: (a, b) => a[key] === b[key] };
}

/** The axes in the order conflicts are looked for and choices printed. */
export const axes: readonly Axis[] = [
  strategyAxis('read', 'how a read goes'),
  strategyAxis('invalidates', 'what a booking invalidates'),
  strategyAxis('when', 'when it invalidates'),
  strategyAxis('availableGuard', 'what guards an "available" answer'),
  strategyAxis('bookingGuard', 'what guards the booking'),
  {
    key: 'ttlSeconds',
    label: 'the TTLs',
    choiceOf: (variant) => ttlText(variant.ttlSeconds),
    sameChoice: (a, b) => ttlText(a.ttlSeconds) === ttlText(b.ttlSeconds),
  },
  strategyAxis('code', 'the code version'),
];

/** Each axis' choice by axis name, e.g. `{ read: 'versioned', invalidates: 'generation-bump', … }`. */
export function choicesOf<App>(variant: AxisChoices<App>): Record<AxisKey, string> {
  return Object.fromEntries(axes.map((axis) => [axis.key, axis.choiceOf(variant)])) as Record<AxisKey, string>;
}
