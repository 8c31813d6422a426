import type { Process } from '../../core/simulation.ts';
import type { CalcomFailure, CalcomNetwork, CalcomReply } from '../../calcom/calcomNetwork.ts';

export type ClientFailure = CalcomFailure | 'circuit-open';
export type ClientReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: ClientFailure };

/** The app's circuit breaker: 5 failures in a row open it for 60 s, during which calls fail at once (503-style). */
const FAILURES_TO_OPEN = 5;
const OPEN_MS = 60_000;

/** `CalcomService`'s HTTP client: every Cal.com call goes through the circuit breaker. */
export class CalcomClient {
  private consecutiveFailures = 0;
  private openUntil = -Infinity;

  constructor(
    private readonly network: CalcomNetwork,
    private readonly clock: { readonly now: number },
    private readonly note: (line: string) => void,
    private readonly tracing: boolean,
  ) {}

  *call<T>(handle: () => T, latencyMs: number | undefined): Process<ClientReply<T>> {
    if (this.clock.now < this.openUntil) {
      if (this.tracing) this.note('calcom.circuit-open: call refused');
      return { ok: false, failure: 'circuit-open' };
    }
    const reply: CalcomReply<T> = yield* this.network.roundTrip(handle, latencyMs);
    if (reply.ok) {
      this.consecutiveFailures = 0;
      return reply;
    }
    if (this.tracing) this.note(`calcom.failure ${reply.failure}`);
    if (++this.consecutiveFailures >= FAILURES_TO_OPEN) {
      this.openUntil = this.clock.now + OPEN_MS;
      this.consecutiveFailures = 0;
      if (this.tracing) this.note(`calcom.circuit opened for ${OPEN_MS} ms`);
    }
    return reply;
  }
}
