import { describe, expect, it } from 'vitest';
import { expectedPerDay, expectedPerWeek, runsToSeparate, trialsToSeparate } from '../sim/metrics/expectedEvents.ts';
import { wilson, type CompareResult, type VariantMeasurement } from '../sim/metrics/measurement.ts';
import { percentTicks } from '../sim/reports/charts.ts';
import { rateMeasures, verdict } from '../sim/reports/compareReport.ts';

const day = { simulatedHoursPerRun: 4, hoursPerDay: 8, daysPerWeek: 5 };

/** A variant whose only figures are `stale` stale direct answers of `answers`. */
const variant = (stale: number, answers: number) =>
  ({ staleAvailable: stale, availabilityAnswers: answers, offeredAlternatives: 0, staleAvailableRate: wilson(stale, answers), examples: {} }) as unknown as VariantMeasurement;
const compareOf = (variants: Record<string, VariantMeasurement>): CompareResult => ({ workload: 'w', profile: 'seed', runs: 10, seed: 1, command: 'racesim compare', variants, busyDay: day });

describe('expected events per day and week', () => {
  it('is rate × events of that kind per simulated hour × busy hours a day, and a week is daysPerWeek days', () => {
    // 20 runs of 4 h with 1800 answers: 22.5 answers per simulated hour; at 1 % over 8 busy hours: 1.8 a day.
    expect(expectedPerDay(0.01, 1800, 20, day)).toBeCloseTo(0.01 * (1800 / (20 * 4)) * 8, 12);
    expect(expectedPerDay(0.01, 1800, 20, day)).toBeCloseTo(1.8, 12);
    expect(expectedPerWeek(0.01, 1800, 20, day)).toBeCloseTo(9, 12);
  });
});

describe('runs to separate two rates', () => {
  it('is the two-proportion sample size at 5 % two-sided and 80 % power', () => {
    // The textbook case p1 = 0.10, p2 = 0.15 needs 686 per group.
    expect(trialsToSeparate(0.1, 0.15)).toBe(686);
    expect(trialsToSeparate(0.15, 0.1)).toBe(686);
    expect(trialsToSeparate(0.02, 0.02)).toBeUndefined();
  });

  it('turns trials into runs at each variant\'s observed trials per run, taking the larger', () => {
    const a = { rate: 0.1, trials: 1000, runs: 10 }; // 100 trials a run → 7 runs
    const b = { rate: 0.15, trials: 500, runs: 10 }; // 50 trials a run → 14 runs
    expect(runsToSeparate(a, b)).toBe(14);
  });
});

describe('the headline', () => {
  it('declares no winner between two equal rates, 0.00 % included', () => {
    const line = verdict(compareOf({ on: variant(0, 4000), 'versioned-keys': variant(0, 4000) }), Object.entries({ on: variant(0, 4000), 'versioned-keys': variant(0, 4000) }), rateMeasures.staleAvailable);
    expect(line).toMatch(/^No single winner on stale "available".*: on and versioned-keys tie at 0\.00 %/);
    expect(line).not.toMatch(/Fewest/);
  });

  it('names a winner only when intervals do not overlap, else the runs that would separate them', () => {
    const clear = { off: variant(400, 4000), on: variant(4, 4000) };
    expect(verdict(compareOf(clear), Object.entries(clear), rateMeasures.staleAvailable)).toMatch(/^Fewest stale "available".*: on; its interval overlaps no other/);
    const close = { off: variant(12, 4000), on: variant(8, 4000) };
    const expected = runsToSeparate({ rate: 8 / 4000, trials: 4000, runs: 10 }, { rate: 12 / 4000, trials: 4000, runs: 10 })!;
    expect(verdict(compareOf(close), Object.entries(close), rateMeasures.staleAvailable)).toContain(`No winner established on stale "available" (direct answers and offered alternatives): on is lowest, but its interval overlaps off (≈ ${expected.toLocaleString('en')} runs per variant`);
  });
});

describe('percent axis ticks', () => {
  it('never repeats a label on a small axis', () => {
    for (const max of [0.0085, 0.01, 0.012, 0.0003, 0.06, 0.5, 1]) {
      const { values, format } = percentTicks(max);
      const decimals = Number(format.slice(1, -1));
      const labels = values.map((v) => (v * 100).toFixed(decimals));
      expect(new Set(labels).size, `${max}: ${labels.join(' ')}`).toBe(labels.length);
      expect(values.at(-1)).toBeGreaterThanOrEqual(Math.min(max, 1));
    }
  });
});
