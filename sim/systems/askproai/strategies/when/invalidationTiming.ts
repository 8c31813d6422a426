import type { Process } from '../../../../core/simulation.ts';

/**
 * When the invalidation runs (an axis of a variant): inline in the request, or as a queued job.
 * `App` is the app's context the strategy reaches; a parameter so this folder does not import the app.
 */
export interface InvalidationTiming<App> {
  /** How `racesim variants` and `--fix a+b` conflicts name it, e.g. `queued`. */
  readonly name: string;
  /** Runs `clear` (the whole invalidation) now or schedules it; `path` labels the trace and the job. */
  run(app: App, path: 'booking' | 'webhook', clear: Process<void>): Process<void>;
}
