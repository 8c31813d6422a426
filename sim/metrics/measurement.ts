/**
 * The shapes of measured results: what `compare`, `sweep` and `gate` compute and what the reports
 * render. Every rate carries its 95 % Wilson interval; every result names its workload, profile, run
 * count and seed.
 */

/** A proportion with its 95 % Wilson score interval. */
export interface Rate {
  readonly value: number;
  readonly ci95: readonly [number, number];
}

export interface AttributionCounts {
  readonly toctou: number;
  /** By the layer that misled, as its system names it. */
  readonly staleCache: Readonly<Record<string, number>>;
  readonly upstreamLag: number;
  readonly noCheck: number;
  /** The "available" acted on was about another slot than the one booked (the code's UTC `H:i` matching). */
  readonly wrongSlot: number;
}

/** Percentiles of a duration, in ms. */
export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** A duration's mean and sample variance over n values, in ms. */
export interface MeanAndVariance {
  readonly n: number;
  readonly mean: number;
  readonly variance: number;
}

/** Stale "available"s heard one way, over what was heard that way. */
export interface StaleShare {
  readonly stale: number;
  readonly of: number;
  readonly rate: Rate;
}

/**
 * Where a caller heard a stale "available": as the direct answer to `check_availability` (over
 * availability answers), or as an offered alternative, judged when offered (over offered alternatives).
 */
export interface StaleSplit<T> {
  readonly direct: T;
  readonly alternatives: T;
}

/** One variant's figures over all runs of a workload. */
export interface VariantMeasurement {
  readonly calls: number;
  /** Agent calls answered with an error, and their share of all agent calls: a variant that answers errors hears no stale "available" either. */
  readonly errorAnswers: number;
  readonly errorRate: Rate;
  readonly availabilityAnswers: number;
  /** Alternatives the agent offered, on any answer (check, the booking's re-check, a rejected booking). */
  readonly offeredAlternatives: number;
  /** Stale direct "available" answers plus stale offered alternatives. */
  readonly staleAvailable: number;
  /** `staleAvailable` over availability answers plus offered alternatives: the headline. */
  readonly staleAvailableRate: Rate;
  readonly staleSplit: StaleSplit<StaleShare>;
  readonly falseUnavailable: number;
  readonly falseUnavailableRate: Rate;
  /** Of the false "unavailable" answers, those about another slot than the one asked (cause `wrong-slot`). */
  readonly falseUnavailableWrongSlot: number;
  readonly bookingAttempts: number;
  /** Booking attempts that booked, over booking attempts. */
  readonly bookedRate: Rate;
  /** Booking attempts the booking step's own check answered "schon vergeben" (no booking sent to Cal.com). */
  readonly slotTakenAtBooking: number;
  /** How long a booking call took, invoked to answered, in ms. */
  readonly bookingMs: MeanAndVariance;
  readonly conflicts: number;
  readonly conflictRate: Rate;
  readonly attribution: AttributionCounts;
  /** Share of availability answers served from a cache rather than Cal.com: the hit rate a caller sees. */
  readonly answeredFromCacheRate: Rate;
  /** Hits / (hits + misses) per layer, by the layer's name. */
  readonly hitRatio: Readonly<Record<string, number>>;
  readonly calcomRequests: number;
  readonly calcomRequestsPerCall: number;
  readonly keysForgottenPerBooking: number;
  /** Per accepted booking: time until no cache entry that could answer for its slot says "free". */
  readonly stalenessWindowMs: Percentiles;
  /** Share of bookings whose caches were consistent within 1 s, 60 s and 300 s. */
  readonly consistentWithin: { readonly '1s': Rate; readonly '60s': Rate; readonly '300s': Rate };
  /** Per example kind the variant showed: the lowest seed that showed it and its lowest call index there. */
  readonly examples: Readonly<Record<string, ExampleRun>>;
  /**
   * Callers told "booked" before Cal.com had the booking (a queued sync job), and of those the ones the
   * job never got in (flagged for manual review), with the rate: "told booked, later failed". Absent
   * when no caller was told so.
   */
  readonly deferredBookings?: { readonly toldBooked: number; readonly laterFailed: number; readonly laterFailedRate: Rate };
}

/** One run that shows something: `racesim compare --fix <variant> --runs 1 --seed <seed>` replays it; `call` is the call's number in it. */
export interface ExampleRun {
  readonly seed: number;
  readonly call: number;
}

/** What an example can show, as `compare --example` takes it; a rejected booking is `rejected` and one of its causes. */
export const EXAMPLE_KINDS = [
  'stale-available',
  'stale-direct',
  'stale-alternative',
  'false-unavailable',
  'rejected',
  'toctou',
  'stale-cache/layer1',
  'stale-cache/layer2',
  'upstream-lag',
  'no-check',
  'wrong-slot',
  'stale-window',
  'error',
] as const;

/** `racesim compare --json`. */
export interface CompareResult {
  readonly workload: string;
  readonly profile: string;
  readonly runs: number;
  readonly seed: number;
  /** The one-line command that reproduces this result. */
  readonly command: string;
  readonly variants: Readonly<Record<string, VariantMeasurement>>;
  /** The day and week the expected events per day and week are counted over; absent for the two-caller experiment, which has no arrival rate. */
  readonly busyDay?: BusyDay;
}

/** A busy day as a workload sees it: each run simulates `simulatedHoursPerRun` of it. */
export interface BusyDay {
  readonly simulatedHoursPerRun: number;
  readonly hoursPerDay: number;
  readonly daysPerWeek: number;
}

export interface SweepPoint {
  readonly gapSeconds: number;
  readonly runs: number;
  /** B's stale direct "available" plus stale offered alternatives, over B's answer plus the alternatives offered. */
  readonly staleAvailable: Rate;
  /** Direct: B's one availability answer per run; alternatives: over the alternatives offered. */
  readonly staleSplit: StaleSplit<Rate>;
  readonly conflict: Rate;
}

/** `racesim sweep --json`. */
export interface SweepResult {
  readonly workload: string;
  readonly profile: string;
  readonly runs: number;
  readonly seed: number;
  readonly command: string;
  readonly variants: Readonly<Record<string, readonly SweepPoint[]>>;
}

/** The standard normal quantile of 0.975: a two-sided 95 % interval is ± Z_95 standard errors. */
export const Z_95 = 1.959963984540054;

/** 95 % Wilson score interval for `successes` out of `trials` (0 trials: value 0, interval [0, 1]). */
export function wilson(successes: number, trials: number): Rate {
  if (trials === 0) return { value: 0, ci95: [0, 1] };
  const z = Z_95;
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials))) / (1 + z2n);
  return { value: p, ci95: [Math.max(0, centre - half), Math.min(1, centre + half)] };
}

/** One claim of the app's own analysis or of the Phase A+ summary, beside what the simulation measured. */
export interface ClaimCheck {
  /** The claim in the words of its source, e.g. "P(stale) with 60 s TTL = 2.5 %". */
  readonly claim: string;
  /** Where it is made: "app cache analysis", "Phase A+ summary". */
  readonly source: string;
  /** The claimed value as text ("2.5 %", "< 0.1 %", "100–200"). */
  readonly claimed: string;
  /** The simulated value as text, with its interval where it is a rate. */
  readonly simulated: string;
  readonly rate?: Rate;
  readonly verdict: 'holds' | 'fails' | 'inconclusive';
  /** One line a team understands: why the verdict. */
  readonly note: string;
}

/** The app's claims section of a compare report. */
export interface ClaimsResult {
  readonly workload: string;
  readonly profile: string;
  /** The variants the checks compare, when they name some (a later commit's claims: before and after it). */
  readonly variants?: readonly string[];
  readonly runs: number;
  readonly seed: number;
  readonly command: string;
  readonly checks: readonly ClaimCheck[];
}
