import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZonedCalendar, addLocal } from '../sim/core/zonedTime.ts';
import { runScenario, runScenarioAsync } from '../sim/scenario/runScenario.ts';
import { type Scenario, type Step } from '../sim/scenario/scenario.ts';
import { stepActions } from '../sim/core/vocabulary.ts';
import { variantNames } from '../sim/systems/askproai/catalog.ts';
import { defaultWorld } from '../sim/worldConfig.ts';

const calendar = new ZonedCalendar('Europe/Berlin');
const start = { year: 2025, month: 10, day: 20, hour: 10, minute: 0, second: 0, ms: 0 };
const startMs = calendar.toUtc(start);

/** Random small worlds: up to 4 callers on two tenants sharing one event type, with latency and webhook delays. */
const scenarioArbitrary: fc.Arbitrary<Scenario> = fc
  .record({
    latency: fc.oneof(fc.integer({ min: 0, max: 900 }), fc.record({ min: fc.integer({ min: 0, max: 300 }), max: fc.integer({ min: 300, max: 900 }) })),
    webhookDelayMs: fc.integer({ min: 0, max: 5000 }),
    steps: fc.array(
      fc.record({
        offsetMs: fc.integer({ min: 0, max: 400_000 }),
        caller: fc.constantFrom('A', 'B', 'C', 'D'),
        action: fc.constantFrom(...stepActions),
        day: fc.integer({ min: 0, max: 8 }),
        hour: fc.integer({ min: 8, max: 18 }),
        half: fc.boolean(),
        service: fc.integer({ min: 0, max: 1 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  })
  .map(({ latency, webhookDelayMs, steps }) => {
    const ordered = [...steps].sort((a, b) => a.offsetMs - b.offsetMs);
    return {
      name: 'random',
      file: '<generated>',
      timezone: 'Europe/Berlin',
      startMs,
      world: {
        ...defaultWorld,
        services: [
          { company: 1, branch: 0, team: 1, eventType: 123 },
          { company: 2, branch: '9f3a2c1e-5b7d-4e0f-8a6b-1c2d3e4f5a6b', team: 7, eventType: 123 },
        ],
        calcom: { ...defaultWorld.calcom, latencyMs: latency },
        webhooks: { ...defaultWorld.webhooks, delayMs: webhookDelayMs },
      },
      steps: ordered.map(
        (s, index): Step => ({
          index,
          atMs: startMs + s.offsetMs,
          caller: s.caller,
          action: s.action,
          slot: { ...addLocal(start, s.day), hour: s.hour, minute: s.half ? 30 : 0 },
          service: s.service,
        }),
      ),
      expect: {},
    };
  });

describe('determinism over random scenarios', () => {
  it('the same scenario, variant and seed give the same trace hash, run after run', () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.constantFrom(...variantNames), fc.integer({ min: 0, max: 1000 }), (scenario, fix, seed) => {
        const first = runScenario(scenario, { fix, seed });
        const second = runScenario(scenario, { fix, seed });
        expect(second.report.traceHash).toBe(first.report.traceHash);
        expect(second.report).toEqual(first.report);
      }),
      { numRuns: 150, seed: 20251020 },
    );
  });

  it('the in-memory and ioredis-mock stores agree on every trace', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, fc.constantFrom(...variantNames), fc.integer({ min: 0, max: 1000 }), async (scenario, fix, seed) => {
        const memory = runScenario(scenario, { fix, seed });
        const redis = await runScenarioAsync(scenario, { fix, seed, store: 'ioredis-mock' });
        expect(redis.trace).toEqual(memory.trace);
      }),
      { numRuns: 60, seed: 20251021 },
    );
  });

  it('different seeds do change a run with random latency (the seed is really used)', () => {
    const scenario = fc.sample(scenarioArbitrary, { numRuns: 1, seed: 7 })[0];
    const withLatency = { ...scenario, world: { ...scenario.world, calcom: { ...scenario.world.calcom, latencyMs: { min: 0, max: 900 } } } };
    const checks = { ...withLatency, steps: withLatency.steps.map((s) => ({ ...s, action: 'check_availability' as const })) };
    const hashes = new Set([1, 2, 3, 4].map((seed) => runScenario(checks, { fix: 'on', seed }).report.traceHash));
    expect(hashes.size).toBeGreaterThan(1);
  });
});
