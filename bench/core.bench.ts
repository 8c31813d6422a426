/**
 * `npm run bench`: throughput of the simulation core, one JSON line per figure.
 * Wall-clock timing is fine here: the benchmark measures the simulator, it is not part of it.
 */
import { performance } from 'node:perf_hooks';
import { RandomStreams } from '../sim/core/random.ts';
import { Simulation } from '../sim/core/simulation.ts';
import { addLocal, ZonedCalendar } from '../sim/core/zonedTime.ts';
import { World } from '../sim/world.ts';
import { defaultWorld } from '../sim/worldConfig.ts';

function figure(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ name, value: Math.round(value), unit, ...extra }));
}

function timed(run: () => number): { count: number; seconds: number } {
  const started = performance.now();
  const count = run();
  return { count, seconds: (performance.now() - started) / 1000 };
}

/** Scheduler alone: processes that wait 1..100 ms in a loop. */
function schedulerEvents(): number {
  const sim = new Simulation(0);
  const stream = new RandomStreams(1).stream('bench');
  const perProcess = 2_000;
  const processes = 500;
  for (let p = 0; p < processes; p++) {
    sim.spawn(
      0,
      'p',
      (function* () {
        for (let i = 0; i < perProcess; i++) yield 1 + Math.floor(stream.next() * 100);
      })(),
    );
  }
  sim.run();
  return sim.tick;
}

/** The whole model: callers check a random slot and book it, over both layers and the fake Cal.com. */
function modelCalls(variant: 'off' | 'on'): { calls: number; events: number } {
  const timezone = 'Europe/Berlin';
  const calendar = new ZonedCalendar(timezone);
  const startMs = calendar.toUtc({ year: 2025, month: 10, day: 20, hour: 8, minute: 0, second: 0, ms: 0 });
  const world = new World({
    config: { ...defaultWorld, calcom: { ...defaultWorld.calcom, latencyMs: { min: 300, max: 800 }, conflictStatus: 400 } },
    timezone,
    startMs,
    profile: 'seed',
    variant,
    seed: 7,
    trace: false,
  });
  const stream = world.streams.stream('workload');
  const callers = 20_000;
  const day = calendar.toLocal(startMs);
  for (let i = 0; i < callers; i++) {
    const at = startMs + Math.floor(stream.next() * 10 * 3_600_000);
    const slot = { ...addLocal(day, stream.int(0, 6)), hour: stream.int(9, 17), minute: stream.chance(0.5) ? 30 : 0 };
    const caller = `c${i}`;
    world.spawnCall(at, { index: 2 * i, caller, action: 'check_availability', service: 0, slot }, (answer) => {
      if (answer.outcome === 'available') world.spawnCall(world.sim.now + 10_000, { index: 2 * i + 1, caller, action: 'create_booking', service: 0, slot });
    });
  }
  world.run();
  return { calls: world.records.length, events: world.sim.tick };
}

const scheduler = timed(schedulerEvents);
figure('scheduler.events_per_second', scheduler.count / scheduler.seconds, 'events/s', { events: scheduler.count });
for (const variant of ['off', 'on'] as const) {
  let events = 0;
  const model = timed(() => {
    const r = modelCalls(variant);
    events = r.events;
    return r.calls;
  });
  figure(`model.${variant}.calls_per_second`, model.count / model.seconds, 'calls/s', { calls: model.count });
  figure(`model.${variant}.events_per_second`, events / model.seconds, 'events/s', { events });
}
