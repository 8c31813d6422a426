/**
 * `npm run bench`: throughput of the simulation core, one JSON line per figure (name, value, unit, and
 * the ratio where there is one), so a CI job can track it. Wall-clock timing is fine here: the bench
 * measures the simulator, it is not part of it.
 */
import { performance } from 'node:perf_hooks';
import { RandomStreams } from '../sim/core/random.ts';
import { Simulation } from '../sim/core/simulation.ts';
import { addLocal, ZonedCalendar } from '../sim/core/zonedTime.ts';
import { World } from '../sim/world.ts';
import { defaultWorld } from '../sim/worldConfig.ts';
import { runGateCheck } from '../sim/gate/gate.ts';
import { loadGateConfig } from '../sim/gate/gateConfig.ts';
import { rawHeapLoop } from './rawHeap.ts';
import { stockBaseline, stockConversations } from './stockBaseline.ts';
import { cliFigures } from './cliFigures.ts';

function figure(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ name, value: Math.round(value), unit, ...extra }));
}

async function timed(run: () => number | Promise<number>): Promise<number> {
  const started = performance.now();
  const count = await run();
  return count / ((performance.now() - started) / 1000);
}

const EVENTS = 2_000_000;
const CONCURRENT = 500;
const deltas = (() => {
  const stream = new RandomStreams(1).stream('bench');
  return Float64Array.from({ length: 4096 }, () => 1 + Math.floor(stream.next() * 100));
})();

/** The scheduler with processes that only wait: the same event count, concurrency and delays as the raw heap. */
function schedulerEvents(): number {
  const sim = new Simulation(0);
  const perProcess = EVENTS / CONCURRENT;
  for (let p = 0; p < CONCURRENT; p++) {
    sim.spawn(
      0,
      'p',
      (function* () {
        for (let i = 0; i < perProcess; i++) yield deltas[(p * perProcess + i) % deltas.length];
      })(),
    );
  }
  sim.run();
  return sim.tick;
}

/** The whole model: callers check a random slot over both layers and the fake Cal.com, and book it when told it is free. */
function modelCalls(variant: 'off' | 'on', callers: number): number {
  const timezone = 'Europe/Berlin';
  const calendar = new ZonedCalendar(timezone);
  const startMs = calendar.toUtc({ year: 2025, month: 10, day: 20, hour: 8, minute: 0, second: 0, ms: 0 });
  const world = new World({
    config: { ...defaultWorld, calcom: { ...defaultWorld.calcom, latencyMs: { min: 300, max: 800 } } },
    timezone,
    startMs,
    profile: 'seed',
    variant,
    seed: 7,
  });
  const stream = world.streams.stream('workload');
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
  return world.records.length;
}

const raw = await timed(() => rawHeapLoop(EVENTS, CONCURRENT, deltas));
figure('raw_heap.events_per_second', raw, 'events/s');
const scheduler = await timed(schedulerEvents);
figure('scheduler.events_per_second', scheduler, 'events/s', { ratio_to_raw_heap: +(scheduler / raw).toFixed(3), target: 0.3 });
const model = { off: await timed(() => modelCalls('off', 20_000)), on: await timed(() => modelCalls('on', 20_000)) };
figure('model.off.calls_per_second', model.off, 'calls/s');
figure('model.on.calls_per_second', model.on, 'calls/s');
const stock = await timed(() => stockBaseline(2_000, 7));
figure('stock_baseline.on.calls_per_second', stock, 'calls/s', { tools: '@sinonjs/fake-timers + ioredis-mock + async functions' });
figure('model.on.speedup_vs_stock', model.on / stock, 'x', { ratio: +(model.on / stock).toFixed(1), target: 100 });

// The sweep's two-caller conversation: racesim's marginal rate through the CLI against the stock tools.
const SWEEP_GAPS = Array.from({ length: 61 }, (_, i) => i * 10);
await stockConversations(100, SWEEP_GAPS); // warm-up
// The best of five, as for racesim's sweep (cliFigures.ts): both sides measured alike.
let stockConversation = 0;
for (let i = 0; i < 5; i++) stockConversation = Math.max(stockConversation, await timed(() => stockConversations(1_000, SWEEP_GAPS)));
figure('stock_baseline.conversations_per_second', stockConversation, 'conversations/s', { tools: '@sinonjs/fake-timers + ioredis-mock + async functions' });
const cli = cliFigures();
figure('sweep.marginal_conversations_per_second', cli.sweep.conversationsPerSecond, 'conversations/s', {
  ratio_to_stock: +(cli.sweep.conversationsPerSecond / stockConversation).toFixed(1),
  target: 30,
  command: cli.sweep.command,
});
figure('sweep.marginal_from_cold_conversations_per_second', cli.sweepFromCold.conversationsPerSecond, 'conversations/s', {
  ratio_to_stock: +(cli.sweepFromCold.conversationsPerSecond / stockConversation).toFixed(1),
  command: cli.sweepFromCold.command,
});
figure('run.startup_ms', cli.runStartupMs, 'ms', { target_ms: 400, command: cli.runCommand });
figure('run.peak_rss_mb', cli.runPeakRssMb, 'MB', { target_mb: 90 });

// Parallel Monte Carlo: the same compare on 1 and 2 worker threads through the CLI (identical results, see test/parallel.test.ts).
figure('compare.workers1.calls_per_second', cli.compareOneWorker, 'calls/s', { command: cli.compareCommand });
figure('compare.workers2.calls_per_second', cli.compareTwoWorkers, 'calls/s', { ratio_to_1_worker: +(cli.compareTwoWorkers / cli.compareOneWorker).toFixed(2), target: 1.8 });

// The shipped CI gate, end to end in this process (its wall time is what CI pays).
const gateStarted = performance.now();
for (const check of loadGateConfig(new URL('../racesim.gate.yaml', import.meta.url).pathname)) await runGateCheck(check, 'racesim.gate.yaml', 2);
figure('gate.wall_ms', performance.now() - gateStarted, 'ms', { target_ms: 60_000 });
