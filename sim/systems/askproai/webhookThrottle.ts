const MINUTE_MS = 60_000;

/**
 * Laravel's `throttle:N,1` on the Cal.com webhook routes (routes/api.php 37–40 and 48–51 at 34a011586
 * and 57b4aa6f6, both `throttle:60,1`; ThrottleRequests is the alias in bootstrap/app.php 52, and no
 * `throttleApi()` adds a group limit). Its counter key is `sha1(route domain | client IP)` with no user
 * (Laravel 11 ThrottleRequests::resolveRequestSignature): neither route names a domain, so both routes
 * share one counter per sending address. The first hit opens the address's minute (RateLimiter::hit);
 * past N hits in it a request is answered 429 before the controller runs, and is not counted
 * (ThrottleRequests checks tooManyAttempts before it hits).
 */
export class WebhookThrottle {
  /** Per sending address: when its minute ends (virtual ms) and the hits in it. */
  private readonly counters = new Map<string, { windowEndsAt: number; hits: number }>();

  constructor(readonly perMinute: number) {}

  /** Whether a request from `senderIp` arriving at `now` (virtual ms) passes, counting it when it does. */
  admit(now: number, senderIp: string): boolean {
    let counter = this.counters.get(senderIp);
    if (counter === undefined) this.counters.set(senderIp, (counter = { windowEndsAt: Number.NEGATIVE_INFINITY, hits: 0 }));
    if (now >= counter.windowEndsAt) {
      counter.windowEndsAt = now + MINUTE_MS;
      counter.hits = 0;
    }
    if (counter.hits >= this.perMinute) return false;
    counter.hits++;
    return true;
  }
}
