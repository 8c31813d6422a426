import type { Answer } from '../systems/bookingSystem.ts';
import type { StepAction } from '../core/vocabulary.ts';

/**
 * One completed operation in the run's history (Jepsen-style: invoked, then answered). The checkers
 * read the history and Cal.com's ledger after the run; nothing is judged while it runs.
 */
export interface CallRecord {
  /** Step index in the scenario, or the call's number in a workload. */
  readonly index: number;
  readonly caller: string;
  readonly action: StepAction;
  readonly eventType: number;
  /** Index into `world.services`. */
  readonly service: number;
  /** Slot start, ms since the epoch (UTC). */
  readonly slotMs: number;
  /** The slot the caller first asked for, when this booking took an offered alternative instead. */
  readonly alternativeFor: number | null;
  /** For the agent's reschedule: the start of the booking it moved (or tried to); `slotMs` is where to. */
  readonly movedFrom: number | null;
  readonly invokedAt: number;
  readonly invokedOrder: number;
  readonly answeredAt: number;
  /** Logical time of the answer (Simulation.order): orders it against Cal.com's acceptances, also within one event. */
  readonly answeredOrder: number;
  readonly answer: Answer;
}
