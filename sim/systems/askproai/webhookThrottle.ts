const MINUTE_MS = 60_000;

/**
 * Laravel's `throttle:N,1` on the webhook route: one counter for the client (Cal.com's servers), opened
 * by the first hit for one minute; past N hits in that minute a request is answered 429 before the
 * controller runs, and is not counted (ThrottleRequests checks before it hits).
 */
export class WebhookThrottle {
  private windowEndsAt = Number.NEGATIVE_INFINITY;
  private hits = 0;

  constructor(readonly perMinute: number) {}

  /** Whether a request arriving at `now` (virtual ms) passes, counting it when it does. */
  admit(now: number): boolean {
    if (now >= this.windowEndsAt) {
      this.windowEndsAt = now + MINUTE_MS;
      this.hits = 0;
    }
    if (this.hits >= this.perMinute) return false;
    this.hits++;
    return true;
  }
}
