import type { Process } from '../core/simulation.ts';
import type { CalcomNetwork } from '../calcom/calcomNetwork.ts';
import type { FakeCalcom } from '../calcom/fakeCalcom.ts';
import type { CacheStore } from '../stores/cacheStore.ts';
import type { Ask, PhpWorker, WorkerLine } from './phpWorker.ts';

/** What a unit call answered: the driver's result, or the exception the app's code threw. */
export type UnitResult =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  /** `status`: the HTTP status the exception carries (a CalcomApiException's), else null. */
  | { readonly ok: false; readonly thrown: string; readonly status: number | null };

/** The world a worker's questions are answered from: the run's store and its fake Cal.com over the network. */
export interface UnitWorld {
  readonly store: CacheStore;
  readonly calcom: FakeCalcom;
  readonly network: CalcomNetwork;
  readonly clock: { readonly now: number };
  /** Who books: the caller whose step runs (Cal.com's ledger names it). */
  readonly caller: string;
  /** Cal.com's latency for this step, when the scenario sets one (ms). */
  readonly latencyMs?: number;
}

/**
 * Runs one unit on a PHP worker as a simulated process: the call goes out at the current virtual time,
 * and each question the worker asks is answered by the store or by Cal.com after the network's latency,
 * while other processes run. Waiting on the worker is a yielded promise, which the scheduler awaits with
 * nothing else running: the order never depends on how fast PHP is.
 */
export function* callUnit(worker: PhpWorker, world: UnitWorld, unit: string, args: object, services: readonly object[]): Process<UnitResult> {
  worker.send({ op: 'call', now: world.clock.now, unit, args, services });
  for (;;) {
    const line = (yield worker.next()) as WorkerLine;
    if ('done' in line) return { ok: true, value: line.done };
    if ('failed' in line) return { ok: false, thrown: `${line.failed.class}: ${line.failed.message}`, status: line.failed.status };
    const reply = yield* answer(line.ask, world);
    worker.send({ ...reply, now: world.clock.now });
  }
}

function* answer(ask: Ask, world: UnitWorld): Process<object> {
  const { store } = world;
  switch (ask.op) {
    case 'cache.get':
      return { value: (yield* store.get(ask.key)) ?? null };
    case 'cache.put':
      yield* store.put(ask.key, ask.value, ask.ttl);
      return {};
    case 'cache.add': {
      // Laravel's add on Redis is one SET NX: nothing runs between the read and the write here either.
      const held = (yield* store.get(ask.key)) !== null;
      if (!held) yield* store.put(ask.key, ask.value, ask.ttl);
      return { added: !held };
    }
    case 'cache.forget':
      return { removed: yield* store.forget(ask.key) };
    case 'sleep':
      yield ask.ms;
      return {};
    case 'http':
      return yield* httpReply(ask, world);
  }
}

/** Cal.com's answer to the app's request: `GET /slots/available` and `POST /bookings` from the fake Cal.com, 404 for anything else. */
function* httpReply(ask: Ask & { op: 'http' }, world: UnitWorld): Process<object> {
  const url = new URL(ask.url);
  const { calcom } = world;
  let handle: (() => { status: number; body: unknown }) | null = null;
  if (ask.method === 'GET' && url.pathname.endsWith('/slots/available')) {
    const query = url.searchParams;
    const [fromMs, toMs] = [Date.parse(query.get('startTime') ?? ''), Date.parse(query.get('endTime') ?? '')];
    handle = () => ({ status: 200, body: calcom.slots(Number(query.get('eventTypeId')), fromMs, toMs) });
  } else if (ask.method === 'POST' && url.pathname.endsWith('/bookings')) {
    const payload = JSON.parse(ask.body) as { eventTypeId: number; start: string };
    handle = () => {
      const booked = calcom.book({ eventTypeId: payload.eventTypeId, startMs: Date.parse(payload.start), bookedBy: world.caller });
      return { status: booked.httpStatus, body: booked.body };
    };
  }
  if (handle === null) return { status: 404, body: '{}' };
  const reply = yield* world.network.roundTrip(handle, world.latencyMs);
  if (reply.ok) return { status: reply.value.status, body: JSON.stringify(reply.value.body) };
  return { status: reply.failure === 'http-429' ? 429 : reply.failure === 'timeout' ? 504 : 500, body: '{}' };
}
