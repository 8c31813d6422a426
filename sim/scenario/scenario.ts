import type { Attribution, BookingFunction, Outcome, ServedBy, StepAction } from '../core/vocabulary.ts';
import type { LocalTime } from '../core/zonedTime.ts';
import type { WorldConfig } from '../worldConfig.ts';

/** One timed action of one caller. */
export interface Step {
  /** 0-based position in the file. */
  readonly index: number;
  /** Virtual time at which the step starts, ms since the epoch (UTC). */
  readonly atMs: number;
  readonly caller: string;
  readonly action: StepAction;
  /** The slot's local start in the scenario's time zone. */
  readonly slot: LocalTime;
  /** For `reschedule_booking` and `external_reschedule`: the slot the booking moves to. */
  readonly to?: LocalTime;
  /** Index into `world.services` of the service the caller reaches. */
  readonly service: number;
  /** Overrides Cal.com's latency for this step's requests, in ms. */
  readonly calcomLatencyMs?: number;
  /** For `create_booking`: the app function it goes through (`via:`); none: the profile's own path. */
  readonly via?: BookingFunction;
}

/** What a step must show under one variant; only the fields given are checked. */
export interface StepExpectation {
  readonly step: number;
  readonly outcome?: Outcome;
  readonly stale?: boolean;
  readonly truth?: 'free' | 'taken';
  readonly servedBy?: ServedBy | null;
  readonly attribution?: Attribution | null;
  readonly staleLayer?: ServedBy | null;
  /** Whether an offered alternative was already taken when offered. */
  readonly offersTaken?: boolean;
  /**
   * The alternatives offered, in order, as local times in the scenario's zone: `"HH:MM"` (a time of day,
   * on any date) or `"YYYY-MM-DD HH:MM"`; `[]` when none was offered.
   */
  readonly alternatives?: readonly string[];
}

/** An offered slot (`YYYY-MM-DD HH:MM`) as `alternatives:` writes it: its time alone on the asked slot's day, else date and time. */
export const alternativeText = (askedSlot: string, offered: string): string => (offered.slice(0, 10) === askedSlot.slice(0, 10) ? offered.slice(11) : offered);

/** Whether an `alternatives:` entry names an offered slot (`YYYY-MM-DD HH:MM`): `"HH:MM"` by its time of day, a full one exactly. */
export const namesAlternative = (written: string, offered: string): boolean => (written.length === 5 ? offered.slice(11) === written : offered === written);

/** Whether a cache key is alive when the run ends. */
export interface KeyExpectation {
  readonly key: string;
  readonly present: boolean;
}

/** A property of the whole run (`no-stale-available`, `no-stale-after 1000`) that must hold, or with `holds: false` must be broken. */
export interface PropertyExpectation {
  readonly property: string;
  readonly holds?: boolean;
}

export type Expectation = StepExpectation | KeyExpectation | PropertyExpectation;

export interface Scenario {
  readonly name: string;
  readonly description?: string;
  /** The file it came from, for messages; `<inline>` when built in code. */
  readonly file: string;
  readonly timezone: string;
  /** Profile named in the file, if any (the command line wins). */
  readonly profile?: string;
  /** System named in the file (`system:`), if any; default askproai. The command line wins. */
  readonly system?: string;
  /** For `system: stack`: the stack file, resolved against the scenario file's folder. */
  readonly stackFile?: string;
  /** Virtual time at which the clock starts, ms since the epoch (UTC). */
  readonly startMs: number;
  readonly world: WorldConfig;
  readonly steps: readonly Step[];
  /**
   * How ties between events due at the same virtual millisecond are broken: the i-th tie runs the
   * event at index `tieBreaks[i]` among those due (in insertion order); ties past the list run FIFO.
   * Written by `racesim explore` so a found interleaving replays with `racesim run`.
   */
  readonly tieBreaks?: readonly number[];
  /** Expectations per variant name. */
  readonly expect: Readonly<Record<string, readonly Expectation[]>>;
}
