export const profileNames = ['seed', 'askproai-34a0115'] as const;
export type ProfileName = (typeof profileNames)[number];

/**
 * A profile is one version of the app's behaviour. Each field is a named switch for one difference
 * between the design as the Phase A+ summary describes it (`seed`) and the code at the fix commit
 * (`askproai-34a0115`, per shared/reference/system-under-test.md), so a team can see what each costs.
 */
export interface Profile {
  readonly name: ProfileName;
  readonly summary: string;
  /**
   * What `check_availability` reads: the Layer 2 window of the slot's hour (the seed's account), or the
   * code's endpoint the world names (`checkEndpoint`): RetellApiController, team-less hourly Layer 1 keys
   * and the finder on every "unavailable"; or RetellFunctionCallHandler, hourly Layer 1 keys with the team.
   */
  readonly checkPath: 'layer2-hour' | 'endpoint';
  /**
   * Whether the function-call `check_availability` offers alternatives when the slot is taken: `always`
   * (the seed's account), or by the code's `features.skip_alternatives_for_voice`, which the fix commit
   * added with default false (alternatives on); before it (`off`) the handler's fallback true applies.
   * RetellApiController runs the finder whatever the variant.
   */
  readonly alternativesOnCheck: 'always' | 'feature-flag';
  /**
   * Whether the booking step re-checks the day on Layer 1 right before `POST /bookings` (the code's
   * two-step `collect_appointment_data`); the re-check can itself be a stale cache hit.
   */
  readonly recheckDayBeforeBooking: boolean;
  /**
   * Whether the booking path calls the invalidation with the service's team id. The code only calls it
   * when the booking payload carries a team id, which the voice paths at the fix commit do not pass.
   */
  readonly bookingPathClears: boolean;
  /** Whether Layer 2 fills read Layer 1 with the service's team id (else the team-less key, never cleared). */
  readonly layer2FillWithTeam: boolean;
  /** What the caller hears when Cal.com rejects a booking: alternatives, or a generic error and a callback. */
  readonly conflictReply: 'alternatives' | 'generic-error';
  /**
   * The alternative finder's search: `same-day` (the seed's account: free slots within ±2 h, nearest
   * first), or `as-written` (the code: the time first moved into business hours; windows [t−2h, t] and
   * [t, t+2h] skipped when they cross business hours, every slot of the filled day a candidate, the
   * requested one and duplicates included; while fewer than two: the requested time on the next workday
   * and next week if that day has any slot, then the closest slot of the next workday with slots; ranked
   * by the code's score; with none, the fallback suggestions; a failed Cal.com read ends it with none).
   * Every window is read through Layer 2.
   */
  readonly alternativeSearch: 'same-day' | 'as-written';
  /**
   * Whose Layer 2 keys the finder reads when it is given a tenant: the service's (the summary's account,
   * the same tenant the clear uses), or the call's (the code's `setTenantContext` with the call's
   * company and phone-number branch, while the clear keys each service by its own company and branch, so
   * a branch's call to a company-wide service fills entries the clear never names).
   */
  readonly finderTenant: 'service' | 'call';
  /**
   * How a requested time is matched against Cal.com's slots: `exact` instants, or `utc-wall-clock` as the
   * code does in RetellApiController's check and the booking step's checks (the slot's UTC `H:i` against
   * the requested local `H:i`), where the finder also speaks each slot's UTC `H:i`.
   * RetellFunctionCallHandler's `check_availability` converts to Europe/Berlin and matches exactly.
   */
  readonly slotMatching: 'exact' | 'utc-wall-clock';
  /**
   * Webhook trigger names the handler accepts: `any` (the summary's: every webhook clears), or `dotted`
   * (the code's CalcomWebhookRequest: `BOOKING.CREATED`, `BOOKING.CANCELLED`, … and 422 otherwise, so
   * Cal.com's `BOOKING_CREATED` and `BOOKING_CANCELLED` clear nothing).
   */
  readonly webhookAccepts: 'any' | 'dotted';
  /**
   * Webhooks per minute the route lets through (the code's `throttle:60,1`: the 61st of a minute is
   * answered 429 and clears nothing), or null when the summary's account has no throttle.
   */
  readonly webhookThrottlePerMinute: number | null;
  /**
   * Whether a cancellation webhook clears only when the app has an appointment for the booking: the code's
   * `handleBookingCancelled` looks the booking's uid up in `appointments` (rows the agent's bookings and
   * accepted BOOKING.CREATED webhooks write) and returns before the clear when there is none. The summary
   * says every webhook clears.
   */
  readonly cancelClearsOnlyKnownBookings: boolean;
  /**
   * Whether services carry a Cal.com team id. The summary assumes they do, so Phase A+ without a team id
   * clears Layer 1 for every team of the event type; at the fix commit no migration creates the column,
   * so it finds no team and clears no Layer 1 key (its Layer 2 loop still runs).
   */
  readonly serviceTeamColumn: boolean;
  /**
   * The circuit breaker: `consecutive` (5 failed round trips in a row open it for 60 s), or `as-shipped`
   * (CircuitBreaker.php at the fix commit: any failure counts, a 400 for a taken slot included; failures
   * are kept 300 s and reset on a success; 5 open it for 60 s; half-open needs 2 successes to close).
   */
  readonly circuitBreaker: 'consecutive' | 'as-shipped';
}

export const profiles: Readonly<Record<ProfileName, Profile>> = {
  seed: {
    name: 'seed',
    summary:
      'The design as the Phase A+ summary describes it: check_availability reads the Layer 2 hour window ' +
      '(filled from Layer 1 with the team); a booking clears with its team id, the webhook without; conflicts offer alternatives.',
    checkPath: 'layer2-hour',
    alternativesOnCheck: 'always',
    recheckDayBeforeBooking: false,
    bookingPathClears: true,
    layer2FillWithTeam: true,
    conflictReply: 'alternatives',
    alternativeSearch: 'same-day',
    finderTenant: 'service',
    slotMatching: 'exact',
    webhookAccepts: 'any',
    webhookThrottlePerMinute: null,
    cancelClearsOnlyKnownBookings: false,
    serviceTeamColumn: true,
    circuitBreaker: 'consecutive',
  },
  'askproai-34a0115': {
    name: 'askproai-34a0115',
    summary:
      'The code at the fix commit: check_availability through RetellApiController (world checkEndpoint: retell-api) on team-less ' +
      'hourly Layer 1 keys, alternatives from a tenant-less finder; or through the function-call handler on hourly keys with the team, ' +
      'alternatives from the fix on (features.skip_alternatives_for_voice); the finder as written (business-hours adjustment, whole-day candidates, next workday / next week unchecked, its score, fallback), keyed by the call\'s tenant; ' +
      'booking re-checks the day on Layer 1 first and passes no team id (so it clears nothing); Layer 2 fills from the ' +
      'team-less Layer 1 key; RetellApiController and the booking step match the slot\'s UTC H:i against the asked local H:i, ' +
      'and the finder speaks UTC H:i; the webhook handler rejects Cal.com\'s BOOKING_CREATED, BOOKING_CANCELLED and BOOKING_RESCHEDULED (dotted names only) ' +
      'and its route lets 60 a minute through; a cancellation webhook clears only for a booking the app has an appointment for; a rejected booking is a generic error.',
    checkPath: 'endpoint',
    alternativesOnCheck: 'feature-flag',
    recheckDayBeforeBooking: true,
    bookingPathClears: false,
    layer2FillWithTeam: false,
    conflictReply: 'generic-error',
    alternativeSearch: 'as-written',
    finderTenant: 'call',
    slotMatching: 'utc-wall-clock',
    webhookAccepts: 'dotted',
    webhookThrottlePerMinute: 60,
    cancelClearsOnlyKnownBookings: true,
    serviceTeamColumn: false,
    circuitBreaker: 'as-shipped',
  },
};
