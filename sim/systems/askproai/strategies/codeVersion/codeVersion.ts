/**
 * The code version (an axis of a variant): facts of one commit of the app that are neither caching nor
 * invalidation, but change what the simulation sees. Data, and one validation rule.
 */
export interface CodeVersion {
  /** How `racesim variants` and `--fix a+b` conflicts name it, e.g. `dates-only`. */
  readonly name: string;
  /**
   * Why `getAvailableSlots` refuses the range strings the caller passed (`Y-m-d` or `Y-m-d H:i:s`), as
   * its validator names the rule, or null when it accepts them; `today()` is `Y-m-d` in the app's time
   * zone (asked only by versions that validate it). A refused range answers an error before the cache is read.
   */
  layer1RangeProblem(start: string, end: string, today: () => string): string | null;
  /**
   * How the finder prints the branch in its Layer 2 key: `%d` (null → 0, a UUID → its leading digits) or
   * `%s` (null → '', a UUID whole). The clear always prints `%d`.
   */
  readonly finderBranchFormat: '%d' | '%s';
  /**
   * What `features.skip_alternatives_for_voice` resolves to: true makes the function-call
   * `check_availability` offer no alternatives (on the profiles that read the flag).
   */
  readonly skipAlternativesForVoice: boolean;
  /** A Layer 1 result without a free slot is kept this long instead of the layer's TTL, in seconds; undefined keeps the layer's. */
  readonly emptyResultTtlSeconds?: number;
  /**
   * What RetellFunctionCallHandler's `check_availability` reads: `layer1-hourly` (the hourly Layer 1 key
   * with the team, up to e06c5837e), `calcom-availability-service` (from 484a16e68 on: its own
   * `calcom_slot:` entry, see calcomAvailabilityService.ts), or `undefined-method` (50749ce42 calls
   * `CalcomAvailabilityService::isTimeSlotAvailable` before that method exists: a PHP Error, HTTP 500).
   */
  readonly functionCallCheck: 'layer1-hourly' | 'calcom-availability-service' | 'undefined-method';
  /**
   * Whether the finder throws `RuntimeException('SECURITY: Tenant context required…')` when its company
   * or branch is null (4434a4976 on, AppointmentAlternativeFinder 452–461), instead of keying `0`/``.
   */
  readonly finderTenantGuard: boolean;
  /**
   * The function-call booking step: `day-recheck` (the profile's two-step flow, re-checking the day on
   * Layer 1), or `validated-retry` (484a16e68 on, validatedBooking.ts: the check's skip keys, a re-check
   * that never finds the slot, one retry on a conflict).
   */
  readonly bookingFlow: 'day-recheck' | 'validated-retry';
  /**
   * The env flag `ASYNC_CALCOM_SYNC` (RetellFunctionCallHandler 57b4aa6f6:2071, default false): true
   * answers "gebucht" at once and books through `SyncAppointmentToCalcomJob` (on `validated-retry` only).
   */
  readonly asyncCalcomSync: boolean;
  /**
   * Whether the finder converts Cal.com's UTC slot times to Europe/Berlin before it speaks them
   * (5c2cf134c, AppointmentAlternativeFinder 376, 394, 519, 593, 956, 1012); before, it speaks UTC `H:i`
   * on the `utc-wall-clock` profiles.
   */
  readonly finderSpeaksLocal: boolean;
  /**
   * Whether the handler's per-call keys carry the call's company (3a6012b85, `buildCacheKey`,
   * RetellFunctionCallHandler 3a6012b85:94–112): `call:{company}:{call}:…` instead of `call:{call}:…`.
   */
  readonly tenantCallKeys: boolean;
  /**
   * ef7b6a35d's pending-sync query after a "available" function-call check (pendingSyncCheck.ts):
   * `unknown-column` names `appointments.sync_status`, which does not exist, so the check errs;
   * absent: no such query.
   */
  readonly pendingSyncQuery?: 'unknown-column';
  /**
   * The env flag `FEATURE_SLOT_LOCKING` with a7efdc503's slot locks (config/features.php a7efdc503:438,
   * default false): true makes the function-call check's "available" take `slot_lock:…` for 5 minutes,
   * and answer "gerade von einem anderen Kunden gebucht" when it is held (slotLock.ts).
   */
  readonly slotLocking: boolean;
  /**
   * fd25bd785's idempotency of the synchronous function-call booking: `booking_success:{call}` is read
   * first (RetellFunctionCallHandler fd25bd785:2298–2311) and, when present, answered as the booking it
   * caches; a booking Cal.com took writes it for 300 s (3306–3330). Absent: no such key.
   */
  readonly bookingIdempotency?: true;
}
