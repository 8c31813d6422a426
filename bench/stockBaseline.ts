/**
 * The comparison point for the model's speed: the same callers, caches and fake Cal.com written the
 * straightforward way with stock tools — @sinonjs/fake-timers driving time, ioredis-mock as the store,
 * plain async functions as callers — as a team would write it without racesim. Same keys and TTLs,
 * Phase A+ invalidation, the same FakeCalcom for slots and bookings.
 */
import FakeTimers from '@sinonjs/fake-timers';
import RedisMock from 'ioredis-mock';
import { FakeCalcom } from '../sim/calcom/fakeCalcom.ts';
import { RandomStreams, type RandomStream } from '../sim/core/random.ts';
import { isoUtc, startOfDay, ymd, ymdH, ZonedCalendar, type LocalTime } from '../sim/core/zonedTime.ts';
import { layer1Key, layer2Key } from '../sim/systems/askproai/keys.ts';
import { defaultWorld } from '../sim/worldConfig.ts';

/**
 * Calendar arithmetic through Date objects, as a team would write it (and as racesim's own was when this
 * baseline was set): racesim's zonedTime now avoids Date objects, and under fake-timers every Date is
 * the fake one, so the baseline would otherwise speed up with racesim's internals instead of staying
 * the fixed point it is measured against.
 */
function fieldsOfDate(d: Date): LocalTime {
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), ms: d.getUTCMilliseconds() };
}

function addLocal(t: LocalTime, days: number, hours = 0): LocalTime {
  return fieldsOfDate(new Date(Date.UTC(t.year, t.month - 1, t.day + days, t.hour + hours, t.minute, t.second, t.ms)));
}

class DateCalendar extends ZonedCalendar {
  override toLocal(utcMs: number): LocalTime {
    return fieldsOfDate(new Date(utcMs + this.offsetMs(utcMs)));
  }
}

const timezone = 'Europe/Berlin';
const calendar = new DateCalendar(timezone);
const startMs = calendar.toUtc({ year: 2025, month: 10, day: 20, hour: 8, minute: 0, second: 0, ms: 0 });
const world = { ...defaultWorld, calcom: { ...defaultWorld.calcom, latencyMs: { min: 300, max: 800 } } };
const service = world.services[0];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The app's check and booking over Layer 2 → Layer 1 → Cal.com, with Phase A+'s clear after a booking. */
function stockApp(redis: InstanceType<typeof RedisMock>, calcom: FakeCalcom, latency: RandomStream) {
  const roundTrip = async <T>(handle: () => T): Promise<T> => {
    const total = latency.int(300, 800);
    await sleep(Math.floor(total / 2));
    const reply = handle();
    await sleep(total - Math.floor(total / 2));
    return reply;
  };
  const layer1Day = async (day: LocalTime) => {
    const key = layer1Key(service.team, service.eventType, ymd(day), ymd(day));
    const cached = await redis.get(key);
    if (cached) return JSON.parse(cached);
    const from = calendar.toUtc(startOfDay(day));
    const body = await roundTrip(() => calcom.slots(service.eventType, from, calendar.toUtc(addLocal(startOfDay(day), 1)) - 1));
    await redis.set(key, JSON.stringify(body), 'EX', 60);
    return body;
  };
  const check = async (slot: LocalTime): Promise<boolean> => {
    const hour = { ...slot, minute: 0, second: 0, ms: 0 };
    const key = layer2Key(service.company, service.branch, service.eventType, hour, addLocal(hour, 0, 1));
    let times: string[];
    const cached = await redis.get(key);
    if (cached) times = JSON.parse(cached);
    else {
      const body = await layer1Day(slot);
      times = Object.values(body.data.slots as Record<string, { time: string }[]>).flat().map((s) => s.time);
      await redis.set(key, JSON.stringify(times), 'EX', 300);
    }
    return times.includes(isoUtc(calendar.toUtc(slot)));
  };
  const book = async (slot: LocalTime, caller: string): Promise<boolean> => {
    const response = await roundTrip(() => calcom.book({ eventTypeId: service.eventType, startMs: calendar.toUtc(slot), bookedBy: caller }));
    if (response.httpStatus !== 201) return false;
    const today = startOfDay(calendar.toLocal(Date.now()));
    for (let d = 0; d < 30; d++) {
      const date = ymd(addLocal(today, d));
      await redis.del(layer1Key(service.team, service.eventType, date, date));
    }
    for (let d = 0; d < 7; d++) {
      for (let h = 9; h <= 18; h++) {
        const start = { ...addLocal(today, d), hour: h };
        await redis.del(`cal_slots_${service.company}_${service.branch}_${service.eventType}_${ymdH(start)}_${ymdH(addLocal(start, 0, 1))}`);
      }
    }
    return true;
  };
  return { check, book };
}

/** One fake clock and one ioredis-mock connection for a whole batch of stock worlds, as a test suite would share them. */
interface StockHarness {
  readonly clock: ReturnType<typeof FakeTimers.install>;
  readonly redis: InstanceType<typeof RedisMock>;
}

async function withStockHarness<T>(body: (harness: StockHarness) => Promise<T>): Promise<T> {
  const clock = FakeTimers.install({ now: startMs, toFake: ['setTimeout', 'clearTimeout', 'Date'], loopLimit: 100_000_000 });
  try {
    return await body({ clock, redis: new RedisMock({ host: 'stock-baseline' }) });
  } finally {
    clock.uninstall();
  }
}

/**
 * Runs `body` in a fresh world (empty Redis, fresh Cal.com, clock back at the start). With `stepwise`,
 * timers fire one at a time after the promises before them settled (setImmediate is not faked: one
 * turn of it settles every pending promise without the 1 ms floor of fake-timers' `runAllAsync`), the
 * faster way for a few callers; many concurrent callers go faster through `runAllAsync`.
 */
async function inStockWorld<T>(
  harness: StockHarness,
  seed: number,
  stepwise: boolean,
  body: (app: ReturnType<typeof stockApp>, streams: RandomStreams) => Promise<T>,
): Promise<T> {
  const { clock, redis } = harness;
  clock.setSystemTime(startMs);
  await redis.flushall();
  let order = 0;
  const time = { get now() { return Date.now(); }, order: () => ++order };
  const streams = new RandomStreams(seed);
  const app = stockApp(redis, new FakeCalcom(world, calendar, time, () => {}), streams.stream('latency'));
  let finished = false;
  const done = body(app, streams).finally(() => (finished = true));
  if (!stepwise) await clock.runAllAsync();
  while (!finished) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!finished) clock.next();
  }
  return done;
}

function randomSlot(stream: RandomStream, days: number): LocalTime {
  const day = calendar.toLocal(startMs);
  return { ...addLocal(day, stream.int(0, days)), hour: stream.int(9, 17), minute: stream.chance(0.5) ? 30 : 0 };
}

/** Poisson-like callers over ten hours: each checks a slot and books it 10 s later when told it is free. Returns calls. */
export async function stockBaseline(callers: number, seed: number): Promise<number> {
  return withStockHarness((harness) => inStockWorld(harness, seed, false, async (app, streams) => {
    const workload = streams.stream('workload');
    let calls = 0;
    const caller = async (i: number) => {
      await sleep(Math.floor(workload.next() * 10 * 3_600_000));
      const slot = randomSlot(workload, 6);
      calls++;
      if (await app.check(slot)) {
        await sleep(10_000);
        calls++;
        await app.book(slot, `c${i}`);
      }
    };
    await Promise.all(Array.from({ length: callers }, (_, i) => caller(i)));
    return calls;
  }));
}

/**
 * The sweep's two-caller conversation, one world each: A checks a slot, books it after 5–15 s; B asks
 * for the same slot `gapSeconds` after A's booking and books when told it is free. Returns conversations.
 */
export async function stockConversations(conversations: number, gapsSeconds: readonly number[]): Promise<number> {
  return withStockHarness(async (harness) => {
    for (let i = 0; i < conversations; i++) {
      await inStockWorld(harness, i + 1, true, async (app, streams) => {
        const slot = randomSlot(streams.stream('slots'), 6);
        const think = streams.stream('decisions').uniform(5, 15) * 1000;
        await app.check(slot);
        await sleep(Math.round(think));
        await app.book(slot, 'A');
        await sleep(gapsSeconds[i % gapsSeconds.length] * 1000);
        if (await app.check(slot)) await app.book(slot, 'B');
      });
    }
    return conversations;
  });
}
