import { describe, expect, it } from 'vitest';
import { wilson } from '../sim/metrics/measurement.ts';
import { gapSweep } from '../sim/workloads/gapSweep.ts';
import { compareVariants } from '../sim/workloads/monteCarlo.ts';
import { loadWorkloadFile, parseWorkload } from '../sim/workloads/workload.ts';

const workload = (name: string) => loadWorkloadFile(new URL(`../scenarios/workloads/${name}.yaml`, import.meta.url).pathname);
const apart = (a: { ci95: readonly [number, number] }, b: { ci95: readonly [number, number] }) => a.ci95[1] < b.ci95[0] || b.ci95[1] < a.ci95[0];

describe('Wilson intervals', () => {
  it('match known values', () => {
    const r = wilson(10, 100);
    expect(r.value).toBe(0.1);
    expect(r.ci95[0]).toBeCloseTo(0.0552, 4);
    expect(r.ci95[1]).toBeCloseTo(0.1744, 4);
    expect(wilson(0, 50).ci95[1]).toBeCloseTo(0.0713, 4);
    expect(wilson(0, 0)).toEqual({ value: 0, ci95: [0, 1] });
  });
});

describe('compare', () => {
  it('is deterministic: the same seed gives the same JSON', async () => {
    const run = async () => JSON.stringify(await compareVariants({ workload: workload('peak-hour'), variants: ['off', 'on'], runs: 3, seed: 11, command: 'x' }));
    expect(await run()).toBe(await run());
  });

  it('app-analysis: "on" gives fewer stale answers than "off", with intervals apart', async () => {
    const r = await compareVariants({ workload: workload('app-analysis'), variants: ['off', 'on'], runs: 30, seed: 1, command: 'x' });
    const { off, on } = r.variants;
    expect(on.staleAvailable).toBeLessThan(off.staleAvailable);
    expect(apart(on.staleAvailableRate, off.staleAvailableRate)).toBe(true);
    expect(on.keysForgottenPerBooking).toBe(200);
    expect(off.keysForgottenPerBooking).toBe(30);
  });

  it('peak-hour: "on" halves the stale-cache rejections but leaves those from stale alternative windows and toctou', async () => {
    const r = await compareVariants({ workload: workload('peak-hour'), variants: ['off', 'on'], runs: 15, seed: 1, command: 'x' });
    const { off, on } = r.variants;
    const staleCache = (m: typeof on) => wilson(m.attribution.staleCache.layer1 + m.attribution.staleCache.layer2, m.bookingAttempts);
    expect(apart(staleCache(on), staleCache(off))).toBe(true);
    expect(staleCache(on).value).toBeLessThan(staleCache(off).value);
    expect(on.attribution.staleCache.layer2).toBeGreaterThan(0); // the 2-hour alternative windows Phase A+ never clears
    expect(on.attribution.toctou).toBeGreaterThan(0);
  });

  it('peak-hour: "on" keeps direct answers fresh, but the alternatives it offers from uncleared windows are often taken', async () => {
    const { on } = (await compareVariants({ workload: workload('peak-hour'), variants: ['on'], runs: 5, seed: 1, command: 'x' })).variants;
    const { direct, alternatives } = on.staleSplit;
    expect(direct.of).toBe(on.availabilityAnswers);
    expect(alternatives.of).toBe(on.offeredAlternatives);
    expect(direct.rate.ci95[1]).toBeLessThan(0.003);
    expect(alternatives.rate.ci95[0]).toBeGreaterThan(0.3);
    expect(on.staleAvailable).toBe(direct.stale + alternatives.stale);
    expect(on.staleAvailableRate.value).toBe(on.staleAvailable / (direct.of + alternatives.of));
  });
});

describe('the two-caller gap sweep', () => {
  const sweep = (profile: 'seed' | 'askproai-34a0115', gaps: number[]) =>
    gapSweep({ workload: workload('two-callers'), variants: ['off', 'on'], runs: 40, seed: 3, command: 'x', profile, gaps });

  it('seed profile: "off" stays stale until about the Layer 2 TTL (300 s); "on" is not stale', async () => {
    const { off, on } = (await sweep('seed', [10, 120, 250, 320, 400])).variants;
    const at = (points: typeof off, gap: number) => points.find((p) => p.gapSeconds === gap)!;
    for (const gap of [10, 120, 250]) expect(at(off, gap).staleSplit.direct.ci95[0]).toBeGreaterThan(0.85);
    // B's rejection offers two fresh alternatives: one stale of three heard.
    for (const gap of [10, 120, 250]) expect(at(off, gap).staleAvailable.value).toBeCloseTo(1 / 3, 1);
    for (const gap of [320, 400]) expect(at(off, gap).staleAvailable.value).toBe(0);
    for (const point of on) expect(point.staleAvailable.value).toBe(0);
    for (const point of off) expect(point.conflict.value).toBe(point.staleSplit.direct.value); // B books whenever told "free"
  });

  it('askproai-34a0115 in Berlin: B hears "available" whatever the gap, under both variants: the code tests the slot two hours later', async () => {
    const { off, on } = (await sweep('askproai-34a0115', [10, 30, 90, 200])).variants;
    expect(on).toEqual(off);
    for (const point of off) {
      expect(point.staleSplit.direct.value).toBe(off[0].staleSplit.direct.value);
      expect(point.staleSplit.direct.ci95[0]).toBeGreaterThan(0.5);
      expect(point.conflict.value).toBe(point.staleSplit.direct.value); // every one of them books and is rejected
    }
  });
});

describe('the simulator against theory', () => {
  it('Poisson queries on one cache key with no bookings give a hit ratio of qT/(1+qT)', async () => {
    const oneKey = parseWorkload(
      `name: one-key
timezone: Europe/Berlin
start: "2025-10-20 00:00:00"
duration: "100h"
world: { slotMinutes: 60, businessHours: { open: "13:00", close: "14:00" } }
callers: { arrivalsPerHour: 36, daysAhead: [200, 200], thinkSeconds: [0, 0], bookProbability: 0, takeAlternativeProbability: 0 }
`,
      'one-key.yaml',
    );
    const m = (await compareVariants({ workload: oneKey, variants: ['on'], runs: 10, seed: 5, command: 'x' })).variants.on;
    const qT = (36 / 3600) * 300; // queries per second × the Layer 2 TTL
    const expected = qT / (1 + qT);
    expect(m.availabilityAnswers).toBeGreaterThan(30_000);
    expect(m.answeredFromCacheRate.ci95[0]).toBeLessThanOrEqual(expected);
    expect(m.answeredFromCacheRate.ci95[1]).toBeGreaterThanOrEqual(expected);
  });
});

describe('workload files', () => {
  it('a malformed workload is one line naming file, line and field', () => {
    const bad = `name: w\ntimezone: Europe/Berlin\nstart: "2025-10-20 08:00:00"\nduration: "4 hours"\ncallers: { arrivalsPerHour: 1, daysAhead: [0, 1], thinkSeconds: [5, 15], bookProbability: 1, takeAlternativeProbability: 0 }\n`;
    expect(() => parseWorkload(bad, 'w.yaml')).toThrow(/^w\.yaml:4: duration: expected a positive duration such as "90s", "30m" or "4h", at most 744h, got "4 hours"$/);
    expect(() => parseWorkload(bad.replace('"4 hours"', '"4h"').replace('bookProbability: 1', 'bookProbability: 2'), 'w.yaml')).toThrow(/^w\.yaml:5: callers\.bookProbability: expected at most 1, got 2$/);
  });
});

describe('workload hour weights', () => {
  it('weights that leave every business hour at zero are bad input', () => {
    const text = `name: w\ntimezone: Europe/Berlin\nstart: "2025-10-20 08:00:00"\nduration: "1h"\ncallers: { arrivalsPerHour: 1, daysAhead: [0, 1], hourWeights: { "7": 1, "20": 2 }, thinkSeconds: [5, 15], bookProbability: 1, takeAlternativeProbability: 0 }\n`;
    expect(() => parseWorkload(text, 'w.yaml')).toThrow(/^w\.yaml:5: callers\.hourWeights: no business hour \(9–18\) has a weight above 0/);
  });
});
