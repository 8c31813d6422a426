import type { RandomStream } from '../core/random.ts';
import type { Process } from '../core/simulation.ts';
import type { LatencyMs } from '../worldConfig.ts';

/**
 * The HTTP hop between the app and Cal.com. A request sent at t is handled by Cal.com at
 * t + ⌊latency/2⌋ and its reply reaches the app at t + latency.
 */
export class CalcomNetwork {
  /** Requests sent to Cal.com so far. */
  requests = 0;

  constructor(
    private readonly latency: LatencyMs,
    private readonly stream: RandomStream,
  ) {}

  /** One round trip; `handle` runs at Cal.com's instant. `latencyMs` overrides the world's latency. */
  *roundTrip<T>(handle: () => T, latencyMs?: number): Process<T> {
    this.requests++;
    const total = latencyMs ?? this.draw();
    const there = Math.floor(total / 2);
    yield there; // each hop is an event of its own, even at 0 ms, so explorers can reorder it
    const reply = handle();
    yield total - there;
    return reply;
  }

  private draw(): number {
    const latency = this.latency;
    return typeof latency === 'number' ? latency : this.stream.int(latency.min, latency.max);
  }
}

