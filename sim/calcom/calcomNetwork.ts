import type { RandomStream } from '../core/random.ts';
import type { Process } from '../core/simulation.ts';
import type { Faults, LatencyMs } from '../worldConfig.ts';

export type CalcomFailure = 'http-500' | 'http-429' | 'timeout';

/** What reaches the app: Cal.com's answer, or the failure in its place. */
export type CalcomReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: CalcomFailure };

const RATE_WINDOW_MS = 60_000;

/**
 * The HTTP hop between the app and Cal.com, with Cal.com's own failures. A request sent at t is handled
 * by Cal.com at t + ⌊latency/2⌋ and its reply reaches the app at t + latency. Past the rate limit
 * Cal.com answers 429 without acting; a 500 also leaves it undone; a timeout loses the reply after
 * Cal.com acted, and the app learns of it only after its timeout.
 */
export class CalcomNetwork {
  /** Requests sent to Cal.com so far. */
  requests = 0;
  /** Cal.com-side arrival times inside the current rate-limit window, oldest first from `windowStart`. */
  private readonly arrivals: number[] = [];
  private windowStart = 0;

  constructor(
    private readonly latency: LatencyMs,
    private readonly faults: Faults,
    private readonly latencyStream: RandomStream,
    private readonly faultStream: RandomStream,
    private readonly clock: { readonly now: number },
  ) {}

  /** One round trip; `handle` runs at Cal.com's instant. `latencyMs` overrides the world's latency. */
  *roundTrip<T>(handle: () => T, latencyMs?: number): Process<CalcomReply<T>> {
    this.requests++;
    const total = latencyMs ?? this.draw();
    const there = Math.floor(total / 2);
    yield there; // each hop is an event of its own, even at 0 ms, so explorers can reorder it
    let reply: CalcomReply<T>;
    if (this.overRateLimit()) reply = { ok: false, failure: 'http-429' };
    else if (this.faultStream.chance(this.faults.calcomErrorProbability)) reply = { ok: false, failure: 'http-500' };
    else reply = { ok: true, value: handle() };
    if (this.faultStream.chance(this.faults.calcomTimeoutProbability)) {
      yield Math.max(0, this.faults.calcomTimeoutMs - there);
      return { ok: false, failure: 'timeout' };
    }
    yield total - there;
    return reply;
  }

  private overRateLimit(): boolean {
    const limit = this.faults.rateLimitPerMinute;
    if (limit <= 0) return false;
    const now = this.clock.now;
    while (this.windowStart < this.arrivals.length && this.arrivals[this.windowStart] <= now - RATE_WINDOW_MS) this.windowStart++;
    if (this.windowStart > 1024) {
      this.arrivals.splice(0, this.windowStart);
      this.windowStart = 0;
    }
    if (this.arrivals.length - this.windowStart >= limit) return true;
    this.arrivals.push(now);
    return false;
  }

  private draw(): number {
    const latency = this.latency;
    return typeof latency === 'number' ? latency : this.latencyStream.int(latency.min, latency.max);
  }
}
