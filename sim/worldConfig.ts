/**
 * Every knob of a simulated world, in one place. Scenario and workload files fill these from their
 * `world:` block; anything left out takes the default below.
 */

/** One service of the app: owned by a company and branch, booked on a (possibly shared) Cal.com event type. */
export interface Service {
  /** `companies.id`; PHP `%d` is applied when it becomes part of a Layer 2 key. */
  readonly company: number | string | null;
  /** `branches.id`: an integer or a UUID string (PHP `%d` reads its leading digits, or 0). */
  readonly branch: number | string | null;
  /** The company's Cal.com team id (`calcom_team_id`); null or 0 gives the team-less Layer 1 key. */
  readonly team: number | null;
  /** Cal.com event type id. Several services may share one. */
  readonly eventType: number;
}

/** Cal.com's latency for one HTTP round trip, in ms: fixed, or uniform in [min, max] from the `latency` stream. */
export type LatencyMs = number | { readonly min: number; readonly max: number };

export interface WorldConfig {
  readonly services: readonly Service[];
  /** Length of one bookable slot and the step between slots, in minutes. */
  readonly slotMinutes: number;
  /** Daily opening and closing time, in minutes after local midnight (09:00 → 540). */
  readonly businessHours: { readonly open: number; readonly close: number };
  readonly calcom: {
    /** Round-trip time of each request; Cal.com processes it at half of that and the reply lands at the full. */
    readonly latencyMs: LatencyMs;
    /** HTTP status of a rejected booking: 400 (API v2) or 409 (web booking endpoint, the app's test mock). */
    readonly conflictStatus: 400 | 409;
    /** How long `POST /v2/slots/reservations` holds a slot for its holder, in minutes (Cal.com's default: 5). */
    readonly reservationMinutes: number;
  };
  readonly webhooks: {
    /** Whether Cal.com sends BOOKING_CREATED to the app at all. */
    readonly enabled: boolean;
    /** Delay from Cal.com accepting a booking to the webhook reaching the app, in ms. */
    readonly delayMs: number;
    /** How Cal.com names the trigger: `underscore` (`BOOKING_CREATED`, what Cal.com really sends) or `dotted` (`BOOKING.CREATED`). */
    readonly eventNameStyle: 'underscore' | 'dotted';
  };
  /** TTLs of the two cache layers, in seconds (the app's: 60 and 300). */
  readonly ttlSeconds: { readonly layer1: number; readonly layer2: number };
  /**
   * Delay before a queued job runs (variants that invalidate asynchronously), in ms. An assumption: the
   * worker's pickup delay depends on the deployment; sweep it to see what it costs.
   */
  readonly queueDelayMs: number;
  /** The app's own time zone (Laravel `app.timezone`), which decides "today" for invalidation. Laravel's default is UTC. */
  readonly appTimezone: string;
}

export const defaultWorld: WorldConfig = {
  services: [{ company: 1, branch: 0, team: 1, eventType: 123 }],
  slotMinutes: 30,
  businessHours: { open: 9 * 60, close: 18 * 60 },
  calcom: { latencyMs: 0, conflictStatus: 409, reservationMinutes: 5 },
  webhooks: { enabled: true, delayMs: 1000, eventNameStyle: 'underscore' },
  ttlSeconds: { layer1: 60, layer2: 300 },
  queueDelayMs: 1000,
  appTimezone: 'UTC',
};
