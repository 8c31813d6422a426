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
  /**
   * The branch of the phone number calls for this service come in on, when it differs from the
   * service's own (a company-wide service, branch null, booked through a branch's number). The code's
   * function-call finder keys Layer 2 by the call's branch; the clear by the service's.
   */
  readonly callBranch?: number | string | null;
  /** The company's Cal.com team id (`calcom_team_id`); null or 0 gives the team-less Layer 1 key. */
  readonly team: number | null;
  /** Cal.com event type id. Several services may share one. */
  readonly eventType: number;
}

/** A Cal.com host (a person or resource with one calendar) and the event types it serves. */
export interface CalcomHost {
  readonly name: string;
  /**
   * Event type ids this host serves. Cal.com keeps availability per host: a booking of any of them makes
   * the host busy for every other. An event type served by several hosts is collective (every host must
   * be free; a booking takes each of them).
   */
  readonly eventTypes: readonly number[];
}

/** Cal.com's own rules of one event type (the v2 event type's fields of the same names). */
export interface EventTypeRules {
  readonly id: number;
  /** How long a booking lasts, in minutes; a slot is offered only when it ends by closing time. */
  readonly lengthInMinutes: number;
  /** Minutes kept free before each booking (and before a slot offered next to another booking). */
  readonly beforeEventBuffer: number;
  /** Minutes kept free after each booking. */
  readonly afterEventBuffer: number;
  /** Minutes from now within which no slot is offered and a booking is refused (400). */
  readonly minimumBookingNotice: number;
}

/** The routes Cal.com may post webhooks to at the code's commits (routes/api.php: both `throttle:60,1`, no domain). */
export const webhookRoutes = ['/api/calcom/webhook', '/api/webhooks/calcom'] as const;
export type WebhookRoute = (typeof webhookRoutes)[number];

/** Cal.com's latency for one HTTP round trip, in ms: fixed, or uniform in [min, max] from the `latency` stream. */
export type LatencyMs = number | { readonly min: number; readonly max: number };

/**
 * Every fault the world can inject, in one place. Probabilities are per event and drawn from the
 * `faults.*` streams, so turning one fault on does not move the draws of anything else.
 */
export interface Faults {
  /** Share of webhooks Cal.com never delivers. */
  readonly webhookLossProbability: number;
  /** Share of webhooks delivered twice; the copy arrives `webhookDuplicateDelayMs` after the first. */
  readonly webhookDuplicateProbability: number;
  readonly webhookDuplicateDelayMs: number;
  /** Extra delay per webhook, uniform in [0, this] ms; a later webhook can overtake an earlier one. */
  readonly webhookJitterMs: number;
  /** Share of Cal.com requests answered 500. */
  readonly calcomErrorProbability: number;
  /** Share of Cal.com requests whose reply is lost: Cal.com still acts on it; the app gives up after `calcomTimeoutMs`. */
  readonly calcomTimeoutProbability: number;
  /** How long the app waits for a reply before giving up, in ms (Laravel's HTTP client default: 30 s). */
  readonly calcomTimeoutMs: number;
  /** Cal.com's rate limit per API key, requests per 60 s, answered 429 past it (Cal.com: 120); 0 = no limit. */
  readonly rateLimitPerMinute: number;
  /** Share of Layer 2 `Cache::forget` calls that throw; the code logs a warning and skips the rest of the Layer 2 clear. */
  readonly layer2ForgetFailureProbability: number;
  /**
   * Cal.com has no lock in booking creation (cal.com issue #13397): a booking of a taken slot still
   * succeeds when it is processed within this many ms of the booking that took it. 0 = never.
   */
  readonly doubleBookingWindowMs: number;
}

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
    /** Cal.com's hosts; empty: every event type has a host of its own (no availability shared between event types). */
    readonly hosts: readonly CalcomHost[];
    /** Rules per event type; one not listed lasts `slotMinutes`, with no buffers and no minimum notice. */
    readonly eventTypes: readonly EventTypeRules[];
  };
  readonly webhooks: {
    /** Whether Cal.com sends BOOKING_CREATED to the app at all. */
    readonly enabled: boolean;
    /** Delay from Cal.com accepting a booking to the webhook reaching the app, in ms. */
    readonly delayMs: number;
    /** How Cal.com names the trigger: `underscore` (`BOOKING_CREATED`, what Cal.com really sends) or `dotted` (`BOOKING.CREATED`). */
    readonly eventNameStyle: 'underscore' | 'dotted';
    /**
     * How `payload.startTime`/`endTime` are written: `milliseconds` (`2025-10-20T11:00:00.000Z`) or
     * `seconds` (`2025-10-20T11:00:00Z`). The code's CalcomWebhookRequest accepts only the first.
     */
    readonly timeFormat: 'milliseconds' | 'seconds';
    /** The app's routes each webhook is posted to, once per route (one subscription per route on Cal.com). */
    readonly routes: readonly WebhookRoute[];
    /**
     * The addresses Cal.com's webhooks arrive from; with several, each delivery comes from one drawn
     * uniformly (stream `webhooks.sender`). The route throttle counts per address.
     */
    readonly senderIps: readonly string[];
  };
  /** TTLs of the two cache layers, in seconds (the app's: 60 and 300). */
  readonly ttlSeconds: { readonly layer1: number; readonly layer2: number };
  /**
   * Delay before a queued job runs (variants that invalidate asynchronously), in ms. An assumption: the
   * worker's pickup delay depends on the deployment; sweep it to see what it costs.
   */
  readonly queueDelayMs: number;
  readonly faults: Faults;
  /** The app's own time zone (Laravel `app.timezone`), which decides "today" for invalidation. Laravel's default is UTC. */
  readonly appTimezone: string;
  /**
   * Which endpoint the voice agent's `check_availability` reaches on the code's profiles: `retell-api`
   * (`POST /api/retell/check-availability`, RetellApiController, the live one at the fix commit) or
   * `function-call` (RetellFunctionCallHandler's `check_availability`). The seed profile ignores it.
   */
  readonly checkEndpoint: CheckEndpoint;
  /**
   * The time zone the code's profiles take a caller's spoken time in (the agent's Berlin callers;
   * DateTimeParser and the handlers' `Europe/Berlin`): Europe/Berlin unless a world says the app was
   * configured otherwise. A scenario or workload whose `timezone` differs is refused on those profiles.
   */
  readonly callerTimezone: string;
}

export const checkEndpoints = ['retell-api', 'function-call'] as const;
export type CheckEndpoint = (typeof checkEndpoints)[number];

export const defaultWorld: WorldConfig = {
  services: [{ company: 1, branch: 0, team: 1, eventType: 123 }],
  slotMinutes: 30,
  businessHours: { open: 9 * 60, close: 18 * 60 },
  calcom: { latencyMs: 0, conflictStatus: 409, reservationMinutes: 5, hosts: [], eventTypes: [] },
  webhooks: { enabled: true, delayMs: 1000, eventNameStyle: 'underscore', timeFormat: 'milliseconds', routes: ['/api/calcom/webhook'], senderIps: ['calcom'] },
  ttlSeconds: { layer1: 60, layer2: 300 },
  queueDelayMs: 1000,
  faults: {
    webhookLossProbability: 0,
    webhookDuplicateProbability: 0,
    webhookDuplicateDelayMs: 5000,
    webhookJitterMs: 0,
    calcomErrorProbability: 0,
    calcomTimeoutProbability: 0,
    calcomTimeoutMs: 30_000,
    rateLimitPerMinute: 120,
    layer2ForgetFailureProbability: 0,
    doubleBookingWindowMs: 0,
  },
  appTimezone: 'UTC',
  checkEndpoint: 'retell-api',
  callerTimezone: 'Europe/Berlin',
};
