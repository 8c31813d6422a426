import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { againstBaseline } from '../sim/metrics/againstBaseline.ts';
import { wilson, type CompareResult, type VariantMeasurement } from '../sim/metrics/measurement.ts';
import { againstBaselineLines, headline, writeCompareReport } from '../sim/reports/compareReport.ts';
import { defaultSystem } from '../sim/systems/registry.ts';
import { gapSweep } from '../sim/workloads/gapSweep.ts';
import { compareVariants } from '../sim/workloads/monteCarlo.ts';
import { loadWorkloadFile } from '../sim/workloads/workload.ts';

const twoCallers = loadWorkloadFile(new URL('../scenarios/workloads/two-callers.yaml', import.meta.url).pathname);
const evil = { ...twoCallers, name: '<script>alert("x")</script> & co' };
const compare = await compareVariants({ workload: evil, variants: ['off', 'on'], runs: 20, seed: 1, command: 'racesim compare --runs 20' });
const variantDetails = Object.fromEntries(['off', 'on'].map((v) => [v, { summary: v, layers: defaultSystem.layers(twoCallers.world, v) }]));
const replayPrefix = 'racesim compare --workload scenarios/workloads/two-callers.yaml';
const sweep = await gapSweep({ workload: evil, variants: ['off', 'on'], runs: 10, seed: 1, command: 'racesim sweep', gaps: [0, 100, 200, 300, 400] });

describe('the comparison report', () => {
  it('writes md, self-contained html, json and the charts; text from input is escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-report-'));
    const files = await writeCompareReport(dir, { compare, sweep, variantDetails, replayPrefix });
    expect(files.map((f) => f.slice(dir.length + 1)).filter((f) => !f.startsWith('example-')).sort()).toEqual(
      ['gap-sweep-conflict.svg', 'gap-sweep-stale-alternatives.svg', 'gap-sweep-stale-direct.svg', 'gap-sweep-stale.svg', 'rates.svg', 'report.html', 'report.json', 'report.md', 'staleness-window.svg'].sort(),
    );
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html.match(/<svg/g)?.length).toBe(6);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toMatch(/\d+\.\d+ % \[\d+\.\d+ %, \d+\.\d+ %\]/); // rates with their intervals
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).compare).toEqual(compare);
  });

  it('is byte-identical for the same input', async () => {
    const a = mkdtempSync(join(tmpdir(), 'racesim-report-'));
    const b = mkdtempSync(join(tmpdir(), 'racesim-report-'));
    await writeCompareReport(a, { compare, sweep, variantDetails, replayPrefix });
    await writeCompareReport(b, { compare, sweep, variantDetails, replayPrefix });
    for (const f of ['report.html', 'rates.svg', 'gap-sweep-stale.svg']) expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
  });
});

/** A variant whose only figures are `stale` stale answers of 1000 and `rejected` rejections of 100 bookings. */
const measured = (stale: number, rejected: number) =>
  ({
    calls: 1100,
    errorAnswers: 0,
    staleAvailable: stale,
    availabilityAnswers: 1000,
    offeredAlternatives: 0,
    staleAvailableRate: wilson(stale, 1000),
    conflicts: rejected,
    bookingAttempts: 100,
    conflictRate: wilson(rejected, 100),
    staleSplit: { direct: { stale, of: 1000, rate: wilson(stale, 1000) }, alternatives: { stale: 0, of: 0, rate: wilson(0, 0) } },
    examples: {},
  }) as unknown as VariantMeasurement;
// 10 runs of 1 simulated hour, 8 busy hours a day, 5 days a week: 1000 answers are 4000 a week, 100 bookings 400.
const busyDay = { simulatedHoursPerRun: 1, hoursPerDay: 8, daysPerWeek: 5 };
const weekly = (variants: Record<string, VariantMeasurement>, day: CompareResult['busyDay'] | null = busyDay): CompareResult => ({ workload: 'w', profile: 'seed', runs: 10, seed: 1, command: 'racesim compare', variants, ...(day ? { busyDay: day } : {}) });

describe('the headline in a manager\'s words', () => {
  it('MOVER intervals: Newcombe\'s difference of two proportions (56/70 against 48/80: 0.0524 to 0.3339), and a ratio against an all but exact baseline is the variant\'s own interval', () => {
    const { difference, relative } = againstBaseline({ rate: wilson(56, 70), perUnit: 1 }, { rate: wilson(48, 80), perUnit: 1 });
    expect(difference.ci95[0]).toBeCloseTo(0.0524, 4);
    expect(difference.ci95[1]).toBeCloseTo(0.3339, 4);
    expect(relative!.value).toBeCloseTo(1 / 3, 12);
    const exact = againstBaseline({ rate: wilson(200, 1000), perUnit: 1000 }, { rate: wilson(3e8, 1e9), perUnit: 1000 });
    expect(exact.relative!.ci95[0]).toBeCloseTo(wilson(200, 1000).ci95[0] / 0.3 - 1, 3);
    expect(exact.relative!.ci95[1]).toBeCloseTo(wilson(200, 1000).ci95[1] / 0.3 - 1, 3);
    expect(againstBaseline({ rate: wilson(5, 100), perUnit: 1 }, { rate: wilson(0, 100), perUnit: 1 }).relative).toBeNull();
  });

  it('says each variant against off per week and per cent with intervals, before the verdicts', () => {
    const compare = weekly({ on: measured(200, 25), off: measured(300, 50), 'versioned-keys': measured(300, 50) });
    const lines = headline(compare);
    expect(lines[0]).toBe("Each variant against off, in expected events a week at the workload's arrival rate (8 busy hours a day, 5 days a week), with 95 % intervals:");
    // off: 300 of 1000 → 1200 a week; on: 200 of 1000 → 800 a week: −400 (−33 %). Rejections 200 → 100 a week: −100 (−50 %).
    const stale = againstBaseline({ rate: wilson(200, 1000), perUnit: 4000 }, { rate: wilson(300, 1000), perUnit: 4000 });
    const low = Math.round(-stale.difference.ci95[0]);
    const high = Math.round(-stale.difference.ci95[1]);
    expect(lines[1]).toMatch(new RegExp(`^on against off: −400 stale "available" answers a week \\[−${low}, −${high}\\] \\(−33 % \\[−\\d+ %, −\\d+ %\\]\\); −100 rejected bookings a week \\[−\\d+, −\\d+\\] \\(−50 % \\[−\\d+ %, −\\d+ %\\]\\)\\.$`));
    expect(lines[2]).toBe('versioned-keys against off: 0 stale "available" answers a week [−160, +160] (0 % [−13 %, +14 %]), not told apart from off in 10 runs; 0 rejected bookings a week [−54, +54] (0 % [−24 %, +32 %]), not told apart from off in 10 runs.');
    expect(lines[3]).toMatch(/^Fewest stale "available"|^No winner/);
  });

  it('without off, the first variant is the baseline; without an arrival rate, percentage points', () => {
    const lines = againstBaselineLines(weekly({ on: measured(300, 50), reserve: measured(150, 50) }, null), Object.entries({ on: measured(300, 50), reserve: measured(150, 50) }));
    expect(lines[0]).toBe('Each variant against on, in percentage points of each rate (this workload has no arrival rate, so no events a week), with 95 % intervals:');
    expect(lines[1]).toMatch(/^reserve against on: −15 stale "available" answers \(percentage points\) \[−19, −11\] \(−50 % \[−\d+ %, −\d+ %\]\); 0 rejected bookings/);
    expect(againstBaselineLines(weekly({ on: measured(1, 1) }), [['on', measured(1, 1)]])).toEqual([]);
  });

  it('a variant that says "gebucht" before Cal.com books is not compared on rejections (they come later)', () => {
    const async = { ...measured(150, 0), deferredBookings: { toldBooked: 40, laterFailed: 2, laterFailedRate: wilson(2, 40) } } as unknown as VariantMeasurement;
    const lines = againstBaselineLines(weekly({ off: measured(300, 50), async }), Object.entries({ off: measured(300, 50), async }));
    expect(lines[1]).toMatch(/^async against off: −600 stale "available" answers a week \[[^\]]+\] \(−50 % \[[^\]]+\]\); rejected bookings not compared \(told "gebucht" before Cal\.com booked/);
    expect(lines[1]).not.toContain('rejected bookings a week');
  });

  it('the written report leads with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-report-'));
    await writeCompareReport(dir, { compare, variantDetails, replayPrefix });
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const section = md.slice(md.indexOf('## Headline'), md.indexOf('## Workload'));
    expect(section).toContain('Each variant against off, in percentage points of each rate');
    expect(section).toMatch(/on against off: [−+0][^\n]* stale "available" answers \(percentage points\) \[/);
    expect(section.indexOf('on against off')).toBeLessThan(section.search(/Fewest|No winner|No single winner/));
  });
});
