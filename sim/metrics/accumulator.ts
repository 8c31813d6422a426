import { onCalcomPage } from '../core/vocabulary.ts';
import type { WorldOutcome } from '../world.ts';
import { wilson, type ExampleRun, type MeanAndVariance, type Percentiles, type StaleShare, type VariantMeasurement } from './measurement.ts';
import type { CallRecord } from './history.ts';
import type { Judgement } from './oracle.ts';
import { mergeViolatingRuns, noRunsChecked, type ViolatingRunCount } from '../checkers/violatingRuns.ts';

/**
 * The sufficient statistics of a set of runs: counters, and the staleness window of each booking.
 * Plain data, so it crosses worker threads and shard files, and merging is adding: the result does not
 * depend on how the runs were split or in which order the parts arrive.
 */
export interface AccumulatorState {
  calls: number;
  /** Agent calls answered with an error ("Es ist ein unerwarteter Fehler aufgetreten"): Cal.com failing, a range the code refuses. */
  errorAnswers: number;
  availabilityAnswers: number;
  staleDirect: number;
  offeredAlternatives: number;
  staleAlternatives: number;
  falseUnavailable: number;
  falseUnavailableWrongSlot: number;
  answeredFromCache: number;
  bookingAttempts: number;
  /** Booking attempts answered "gebucht", and those answered "schon vergeben" by the booking step's own check. */
  booked: number;
  slotTakenAtBooking: number;
  /** Sum and sum of squares of the booking calls' durations (invoked to answered), in ms: mean and variance. */
  bookingMs: number;
  bookingMsSquared: number;
  conflicts: number;
  attribution: { toctou: number; /** Stale-cache rejections by the layer that misled (askproai: layer1, layer2). */ staleCache: Record<string, number>; upstreamLag: number; noCheck: number; wrongSlot: number };
  /** Hits and misses per cache layer, by the name its system declares. */
  layers: Record<string, { hits: number; misses: number }>;
  calcomRequests: number;
  keysForgotten: number;
  acceptedBookings: number;
  /** Callers told "booked" before Cal.com had the booking, and of those the ones it never took (SystemStats.deferredBookings). */
  toldBooked: number;
  toldBookedLaterFailed: number;
  windowsMs: number[];
  /**
   * Per example kind (`stale-direct`, `stale-cache/layer2`, …): the lowest seed that showed it, and its
   * lowest call index there. Merging keeps the minimum, so the example is the same however the runs were split.
   */
  examples: Record<string, ExampleRun>;
  /** Per property checker the runs were checked with (a gate's maxViolatingRunRate): runs it did not find valid. */
  violatingRuns: Record<string, ViolatingRunCount>;
}

/**
 * The state before any run, for a system whose layers are `layerNames`. The layers are seeded in name
 * order, so the JSON's key order does not depend on the order a system lists them or a part saw them.
 */
export function emptyState(layerNames: readonly string[]): AccumulatorState {
  const sorted = [...layerNames].sort();
  return {
    calls: 0,
    errorAnswers: 0,
    availabilityAnswers: 0,
    staleDirect: 0,
    offeredAlternatives: 0,
    staleAlternatives: 0,
    falseUnavailable: 0,
    falseUnavailableWrongSlot: 0,
    answeredFromCache: 0,
    bookingAttempts: 0,
    booked: 0,
    slotTakenAtBooking: 0,
    bookingMs: 0,
    bookingMsSquared: 0,
    conflicts: 0,
    attribution: { toctou: 0, staleCache: Object.fromEntries(sorted.map((name) => [name, 0])), upstreamLag: 0, noCheck: 0, wrongSlot: 0 },
    layers: Object.fromEntries(sorted.map((name) => [name, { hits: 0, misses: 0 }])),
    calcomRequests: 0,
    keysForgotten: 0,
    acceptedBookings: 0,
    toldBooked: 0,
    toldBookedLaterFailed: 0,
    windowsMs: [],
    examples: {},
    violatingRuns: {},
  };
}

/** The layers a state counts, by name. */
export const layerNamesOf = (state: AccumulatorState): string[] => Object.keys(state.layers);

/** Folds one finished, judged run of `seed` into `into`; a million calls never keep a million records. */
export function addRun(into: AccumulatorState, outcome: WorldOutcome, judgements: readonly Judgement[], stalenessWindowsMs: readonly number[], seed: number): void {
  outcome.records.forEach((record, i) => {
    if (onCalcomPage(record.action)) return; // Cal.com's own page (a booking, a cancel, a reschedule): not a call to the agent
    const judgement = judgements[i];
    for (const kind of exampleKindsOf(record, judgement)) noteExample(into.examples, kind, { seed, call: record.index });
    into.calls++;
    if (record.answer.outcome === 'error') into.errorAnswers++;
    into.offeredAlternatives += judgement.alternativeTruths.length;
    for (const truth of judgement.alternativeTruths) if (truth === 'taken') into.staleAlternatives++;
    if (record.action === 'check_availability') {
      into.availabilityAnswers++;
      if (judgement.stale) into.staleDirect++;
      if (judgement.falseUnavailable) into.falseUnavailable++;
      if (judgement.falseUnavailable && judgement.wrongSlot) into.falseUnavailableWrongSlot++;
      if (record.answer.servedBy !== null && record.answer.servedBy !== 'calcom') into.answeredFromCache++;
      return;
    }
    if (record.action !== 'create_booking') return; // the agent's cancellations: calls, not booking attempts
    into.bookingAttempts++;
    const took = record.answeredAt - record.invokedAt;
    into.bookingMs += took;
    into.bookingMsSquared += took * took;
    if (record.answer.outcome === 'booked') into.booked++;
    if (record.answer.outcome === 'unavailable') into.slotTakenAtBooking++;
    if (record.answer.outcome !== 'conflict') return;
    into.conflicts++;
    switch (judgement.attribution) {
      case 'toctou':
        into.attribution.toctou++;
        break;
      case 'stale-cache': {
        const layer = judgement.staleLayer ?? 'unknown';
        into.attribution.staleCache[layer] = (into.attribution.staleCache[layer] ?? 0) + 1;
        break;
      }
      case 'upstream-lag':
        into.attribution.upstreamLag++;
        break;
      case 'wrong-slot':
        into.attribution.wrongSlot++;
        break;
      default:
        into.attribution.noCheck++;
    }
  });
  const { stats } = outcome;
  for (const name in into.layers) {
    into.layers[name].hits += stats.hits[name] ?? 0;
    into.layers[name].misses += stats.misses[name] ?? 0;
  }
  into.calcomRequests += outcome.calcomRequests;
  into.keysForgotten += stats.keysForgotten;
  into.acceptedBookings += outcome.ledger.length;
  into.toldBooked += stats.deferredBookings?.toldBooked ?? 0;
  into.toldBookedLaterFailed += stats.deferredBookings?.laterFailed ?? 0;
  for (const w of stalenessWindowsMs) into.windowsMs.push(w);
  noteStaleWindowExample(into.examples, outcome, stalenessWindowsMs, seed);
}

/**
 * What one judged call is an example of: a stale direct answer or offered alternative is also one of
 * `stale-available` (the headline), a rejected booking one of `rejected` and of its cause.
 */
function exampleKindsOf(record: CallRecord, judgement: Judgement): string[] {
  const kinds: string[] = record.answer.outcome === 'error' ? ['error'] : [];
  if (judgement.alternativeTruths.includes('taken')) kinds.push('stale-alternative');
  if (record.action === 'check_availability') {
    if (judgement.stale) kinds.push('stale-direct');
    if (judgement.falseUnavailable) kinds.push('false-unavailable');
  } else if (record.answer.outcome === 'conflict') {
    const cause = judgement.attribution === 'stale-cache' ? `stale-cache/${judgement.staleLayer ?? 'unknown'}` : (judgement.attribution ?? 'no-check');
    kinds.push('rejected', cause);
  }
  if (kinds.includes('stale-direct') || kinds.includes('stale-alternative')) kinds.push('stale-available');
  return kinds;
}

/** A booking some cache entry still called "free" after Cal.com accepted it: the call that booked it. */
function noteStaleWindowExample(examples: Record<string, ExampleRun>, outcome: WorldOutcome, windowsMs: readonly number[], seed: number): void {
  const held = examples['stale-window'];
  if (held && held.seed < seed) return; // a lower seed already shows one: nothing in this run can replace it
  const staleSlots = new Set<string>();
  outcome.ledger.forEach((booking, i) => {
    if (windowsMs[i] > 0) staleSlots.add(`${booking.eventTypeId}@${booking.startMs}`);
  });
  if (staleSlots.size === 0) return;
  // One pass over the calls, not one per booking: this runs for every Monte Carlo run.
  for (const r of outcome.records) {
    if (r.action !== 'check_availability' && r.answer.outcome === 'booked' && staleSlots.has(`${r.eventType}@${r.slotMs}`)) noteExample(examples, 'stale-window', { seed, call: r.index });
  }
}

/** Keeps the lower of the example held and `candidate`: lowest seed, then lowest call. */
function noteExample(examples: Record<string, ExampleRun>, kind: string, candidate: ExampleRun): void {
  const held = examples[kind];
  if (!held || candidate.seed < held.seed || (candidate.seed === held.seed && candidate.call < held.call)) examples[kind] = { ...candidate };
}

/** Adds `part` into `into`; of two examples of one kind it keeps the lower, of violating seeds the lowest. */
export function mergeState(into: AccumulatorState, part: AccumulatorState): AccumulatorState {
  const { examples, violatingRuns, ...counts } = part;
  for (const [kind, example] of Object.entries(examples)) noteExample(into.examples, kind, example);
  for (const [property, count] of Object.entries(violatingRuns)) into.violatingRuns[property] = mergeViolatingRuns(into.violatingRuns[property] ?? noRunsChecked(), count);
  const add = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(b)) {
      if (typeof v === 'number') a[k] = ((a[k] as number | undefined) ?? 0) + v; // a layer only one part saw starts at 0
      else if (Array.isArray(v)) for (const x of v) (a[k] as number[]).push(x); // not push(...v): spreading 10⁵+ windows overflows the stack
      else add((a[k] ??= {}) as Record<string, unknown>, v as Record<string, unknown>); // a layer only one part counted starts empty
    }
  };
  add(into as unknown as Record<string, unknown>, counts);
  return into;
}

export function measurementOf(s: AccumulatorState): VariantMeasurement {
  const windows = Float64Array.from(s.windowsMs).sort();
  const within = (ms: number) => wilson(windows.filter((w) => w <= ms).length, windows.length);
  const ratio = (l: { hits: number; misses: number }) => (l.hits + l.misses ? l.hits / (l.hits + l.misses) : 0);
  return {
    calls: s.calls,
    errorAnswers: s.errorAnswers,
    errorRate: wilson(s.errorAnswers, s.calls),
    availabilityAnswers: s.availabilityAnswers,
    offeredAlternatives: s.offeredAlternatives,
    staleAvailable: s.staleDirect + s.staleAlternatives,
    staleAvailableRate: wilson(s.staleDirect + s.staleAlternatives, s.availabilityAnswers + s.offeredAlternatives),
    staleSplit: {
      direct: staleShare(s.staleDirect, s.availabilityAnswers),
      alternatives: staleShare(s.staleAlternatives, s.offeredAlternatives),
    },
    falseUnavailable: s.falseUnavailable,
    falseUnavailableRate: wilson(s.falseUnavailable, s.availabilityAnswers),
    falseUnavailableWrongSlot: s.falseUnavailableWrongSlot,
    bookingAttempts: s.bookingAttempts,
    bookedRate: wilson(s.booked, s.bookingAttempts),
    slotTakenAtBooking: s.slotTakenAtBooking,
    bookingMs: meanAndVariance(s.bookingMs, s.bookingMsSquared, s.bookingAttempts),
    conflicts: s.conflicts,
    conflictRate: wilson(s.conflicts, s.bookingAttempts),
    attribution: structuredClone(s.attribution),
    answeredFromCacheRate: wilson(s.answeredFromCache, s.availabilityAnswers),
    hitRatio: Object.fromEntries(Object.entries(s.layers).map(([name, layer]) => [name, round(ratio(layer))])),
    calcomRequests: s.calcomRequests,
    calcomRequestsPerCall: round(s.calls ? s.calcomRequests / s.calls : 0),
    keysForgottenPerBooking: round(s.acceptedBookings ? s.keysForgotten / s.acceptedBookings : 0),
    stalenessWindowMs: percentiles(windows),
    consistentWithin: { '1s': within(1_000), '60s': within(60_000), '300s': within(300_000) },
    // Sorted by kind: the order the parts saw the kinds in must not reach the JSON.
    examples: Object.fromEntries(Object.entries(s.examples).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    ...(s.toldBooked ? { deferredBookings: { toldBooked: s.toldBooked, laterFailed: s.toldBookedLaterFailed, laterFailedRate: wilson(s.toldBookedLaterFailed, s.toldBooked) } } : {}),
  };
}

const staleShare = (stale: number, of: number): StaleShare => ({ stale, of, rate: wilson(stale, of) });

/** Nearest-rank percentiles of sorted values (0 for none). */
function percentiles(sorted: Float64Array): Percentiles {
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : 0 };
}

/** Mean and sample variance from a sum and a sum of squares (0 for fewer than two values). */
function meanAndVariance(sum: number, squares: number, n: number): MeanAndVariance {
  const mean = n ? sum / n : 0;
  const variance = n > 1 ? Math.max(0, (squares - n * mean * mean) / (n - 1)) : 0;
  return { n, mean: round(mean), variance: round(variance) };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
