import type { Attribution, Outcome, ServedBy, StepAction } from '../core/vocabulary.ts';
import type { Truth } from './oracle.ts';

/** One step of `racesim run --json`. Times are local to the scenario's time zone. */
export interface StepReport {
  readonly index: number;
  readonly at: string;
  readonly answeredAt: string;
  readonly caller: string;
  readonly action: StepAction;
  readonly slot: string;
  /** The slot the answer was really about, when the code tested another one (UTC `H:i` matching); else null. */
  readonly readSlot: string | null;
  /** The slot first asked for, when the caller booked an offered alternative instead. */
  readonly alternativeFor: string | null;
  /** For the agent's reschedule: the slot of the booking it moved (`slot` is where to). */
  readonly movedFrom: string | null;
  readonly outcome: Outcome;
  readonly truth: Truth;
  readonly servedBy: ServedBy | null;
  readonly stale: boolean;
  readonly attribution: Attribution | null;
  readonly staleLayer: ServedBy | null;
  /** Each offered alternative, judged at the instant it was offered: `stale` when it was already taken. */
  readonly alternatives: readonly {
    /** The slot the caller hears and would book. */
    readonly slot: string;
    /** The slot the finder read, when the caller hears another (the finder speaks UTC `H:i`); else null. */
    readonly readSlot: string | null;
    /** The cache key of the entry the finder read the slot from (a Layer 2 window), when the system records it; else null. */
    readonly entryKey: string | null;
    readonly servedBy: ServedBy;
    readonly truth: Truth;
    readonly stale: boolean;
  }[];
  /** Whether any offered alternative was already taken when offered (a stale alternative). */
  readonly offersTaken: boolean;
  /** Cal.com's status for bookings. */
  readonly httpStatus: number | null;
  /** What the agent said, in German. */
  readonly said: string;
}
