/**
 * The comparison point for the model's speed: the same callers, caches and fake Cal.com written the
 * straightforward way with stock tools — @sinonjs/fake-timers driving time, ioredis-mock as the store,
 * plain async functions as callers — as a team would write it without racesim. Same arrival pattern,
 * same keys and TTLs, Phase A+ invalidation, the same FakeCalcom for slots and bookings.
 */
import FakeTimers from '@sinonjs/fake-timers';
import RedisMock from 'ioredis-mock';
import { FakeCalcom } from '../sim/calcom/fakeCalcom.ts';
import { RandomStreams } from '../sim/core/random.ts';
import { addLocal, isoUtc, startOfDay, ymd, ymdH, ZonedCalendar, type LocalTime } from '../sim/core/zonedTime.ts';
import { layer1Key, layer2Key } from '../sim/systems/askproai/keys.ts';
import { defaultWorld } from '../sim/worldConfig.ts';

export async function stockBaseline(callers: number, seed: number): Promise<number> {
  const timezone = 'Europe/Berlin';
  const calendar = new ZonedCalendar(timezone);
  const startMs = calendar.toUtc({ year: 2025, month: 10, day: 20, hour: 8, minute: 0, second: 0, ms: 0 });
  const clock = FakeTimers.install({ now: startMs, toFake: ['setTimeout', 'clearTimeout', 'Date'], loopLimit: 100_000_000 });
  try {
    const redis = new RedisMock({ host: `stock-baseline-${seed}` });
    await redis.flushall();
    const world = { ...defaultWorld, calcom: { ...defaultWorld.calcom, latencyMs: { min: 300, max: 800 } } };
    let order = 0;
    const time = { get now() { return Date.now(); }, order: () => ++order };
    const calcom = new FakeCalcom(world, calendar, time, () => {});
    const streams = new RandomStreams(seed);
    const latency = streams.stream('latency');
    const workload = streams.stream('workload');
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const roundTrip = async <T>(handle: () => T): Promise<T> => {
      const total = latency.int(300, 800);
      await sleep(Math.floor(total / 2));
      const reply = handle();
      await sleep(total - Math.floor(total / 2));
      return reply;
    };
    const service = world.services[0];
    let calls = 0;

    const layer1Day = async (day: LocalTime) => {
      const key = layer1Key(service.team, service.eventType, ymd(day), ymd(day));
      const cached = await redis.get(key);
      if (cached) return JSON.parse(cached);
      const from = calendar.toUtc(startOfDay(day));
      const body = await roundTrip(() => calcom.slots(service.eventType, from, calendar.toUtc(addLocal(startOfDay(day), 1)) - 1));
      await redis.set(key, JSON.stringify(body), 'EX', 60);
      return body;
    };
    const check = async (slot: LocalTime) => {
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
    const book = async (slot: LocalTime, caller: string) => {
      const response = await roundTrip(() => calcom.book({ eventTypeId: service.eventType, startMs: calendar.toUtc(slot), bookedBy: caller }));
      if (response.httpStatus !== 201) return;
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
    };
    const caller = async (i: number) => {
      await sleep(Math.floor(workload.next() * 10 * 3_600_000));
      const day = calendar.toLocal(startMs);
      const slot = { ...addLocal(day, workload.int(0, 6)), hour: workload.int(9, 17), minute: workload.chance(0.5) ? 30 : 0 };
      calls++;
      if (await check(slot)) {
        await sleep(10_000);
        calls++;
        await book(slot, `c${i}`);
      }
    };
    const all = Promise.all(Array.from({ length: callers }, (_, i) => caller(i)));
    await clock.runAllAsync();
    await all;
    return calls;
  } finally {
    clock.uninstall();
  }
}
