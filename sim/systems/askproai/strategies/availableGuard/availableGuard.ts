import type { Process } from '../../../../core/simulation.ts';
import type { Answer, CallRequest } from '../../../bookingSystem.ts';

/** What the agent may answer after the guard: free (true), taken (false) or Cal.com failed (null), and who answered. */
export interface GuardedAnswer {
  /** Whether the agent says "available"; null when the guard's Cal.com call failed (the agent answers an error). */
  readonly free: boolean | null;
  /** What answered: the cache layer that said free, or `calcom` when the guard asked Cal.com itself. */
  readonly servedBy: Answer['servedBy'];
}

/**
 * What guards an "available" answer (an axis of a variant): nothing, a fresh re-check, a reservation.
 * `App` is the app's context the strategy reaches; a parameter so this folder does not import the app.
 */
export interface AvailableGuard<App> {
  /** How `racesim variants` and `--fix a+b` conflicts name it, e.g. `reserve`. */
  readonly name: string;
  /** Called only when the cache read found the slot free; `servedBy` is the layer that said so. */
  guard(app: App, request: CallRequest, servedBy: Answer['servedBy']): Process<GuardedAnswer>;
}
