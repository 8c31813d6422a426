import type { Process } from '../../core/simulation.ts';
import type { CalcomFailure, CalcomNetwork, CalcomReply } from '../../calcom/calcomNetwork.ts';

export type ClientFailure = CalcomFailure | 'circuit-open';
export type ClientReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: ClientFailure };

/** Failures that open the breaker, and for how long it stays open. */
const FAILURES_TO_OPEN = 5;
const OPEN_MS = 60_000;
/** As shipped (CircuitBreaker.php): failures are remembered this long, and a half-open breaker closes after this many successes. */
const FAILURE_MEMORY_MS = 300_000;
const SUCCESSES_TO_CLOSE = 2;

/**
 * `CalcomService`'s HTTP client: every Cal.com call goes through the circuit breaker. `consecutive`
 * counts failed round trips in a row; `as-shipped` counts any failure, an HTTP error the caller names
 * (a 400 for a taken slot) included, forgets failures after 300 s or on a success, and after the 60 s
 * open period lets calls through half-open until 2 succeed (one failure opens it again).
 */
export class CalcomClient {
  private failures = 0;
  private lastFailureAt = -Infinity;
  private openUntil = -Infinity;
  /** As shipped: successes still needed to close after an open period; 0 when closed. */
  private halfOpenSuccessesNeeded = 0;

  constructor(
    private readonly network: CalcomNetwork,
    private readonly clock: { readonly now: number },
    private readonly note: (line: string) => void,
    private readonly tracing: boolean,
    private readonly breaker: 'consecutive' | 'as-shipped' = 'consecutive',
  ) {}

  /** `isHttpError` says which replies the as-shipped breaker counts as failures (a thrown Guzzle exception). */
  *call<T>(handle: () => T, latencyMs: number | undefined, isHttpError?: (value: T) => boolean): Process<ClientReply<T>> {
    if (this.clock.now < this.openUntil) {
      if (this.tracing) this.note('calcom.circuit-open: call refused');
      return { ok: false, failure: 'circuit-open' };
    }
    const reply: CalcomReply<T> = yield* this.network.roundTrip(handle, latencyMs);
    const failed = !reply.ok || (this.breaker === 'as-shipped' && isHttpError?.(reply.value) === true);
    if (failed) this.recordFailure(reply.ok ? 'http-error' : reply.failure);
    else this.recordSuccess();
    return reply;
  }

  private recordSuccess(): void {
    if (this.breaker === 'as-shipped' && this.halfOpenSuccessesNeeded > 0) this.halfOpenSuccessesNeeded--;
    this.failures = 0;
  }

  private recordFailure(what: string): void {
    if (this.tracing) this.note(`calcom.failure ${what}`);
    const now = this.clock.now;
    if (this.breaker === 'as-shipped' && now - this.lastFailureAt > FAILURE_MEMORY_MS) this.failures = 0;
    this.lastFailureAt = now;
    const reopens = this.breaker === 'as-shipped' && this.halfOpenSuccessesNeeded > 0;
    if (++this.failures < FAILURES_TO_OPEN && !reopens) return;
    this.openUntil = now + OPEN_MS;
    this.failures = 0;
    this.halfOpenSuccessesNeeded = this.breaker === 'as-shipped' ? SUCCESSES_TO_CLOSE : 0;
    if (this.tracing) this.note(`calcom.circuit opened for ${OPEN_MS} ms`);
  }
}
