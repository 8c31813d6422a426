import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

const run = (name: string) => runScenario(loadScenarioFile(new URL(`../scenarios/askproai/${name}.yaml`, import.meta.url).pathname), { fix: 'on', seed: 1 });
const lastCheck = (report: ReturnType<typeof run>['report']) => report.steps.filter((s) => s.caller === 'A' && s.action === 'check_availability').at(-1)!;

describe('the alternative finder as written (askproai-34a0115)', () => {
  it('offers the requested time on the next workday and next week when those days have any slot, unchecked, next workday first', () => {
    const check = lastCheck(run('finder-next-workday-unchecked').report);
    expect(check.alternatives.map((a) => [a.slot, a.truth])).toEqual([
      ['2025-10-21 13:00', 'taken'],
      ['2025-10-27 13:00', 'free'],
    ]);
  });

  it('moves a weekend request to the next workday at opening time before searching', () => {
    const { report, events } = run('finder-adjusts-to-business-hours');
    expect(lastCheck(report).alternatives.map((a) => a.slot)).toEqual(['2025-10-27 09:00', '2025-10-27 09:30']);
    expect(events.some((e) => e.kind === 'note' && e.text === 'finder.adjusted 2025-10-25 13:00 -> 2025-10-27 09:00 (outside business hours)')).toBe(true);
    // No window of Saturday is read: the search starts from Monday.
    expect(events.some((e) => e.kind === 'cache.get' && e.key.startsWith('cal_slots_') && e.key.includes('2025-10-25'))).toBe(false);
  });

  it('with no candidate anywhere, falls back to the first slot of the first workday with one, skipping the weekend', () => {
    const { report, events } = run('finder-fallback');
    expect(lastCheck(report).alternatives.map((a) => [a.slot, a.truth])).toEqual([['2025-10-28 09:00', 'free']]);
    expect(events.some((e) => e.kind === 'note' && e.text.startsWith('finder.fallback'))).toBe(true);
    const read = events.flatMap((e) => (e.kind === 'cache.get' && e.key.startsWith('cal_slots_') ? [e.key] : []));
    expect(read.some((k) => k.includes('2025-10-25') || k.includes('2025-10-26'))).toBe(false);
  });

  it('keeps the requested, taken slot itself among whole-day candidates (a stale window offers it first)', () => {
    const report = runScenario(loadScenarioFile(new URL('../scenarios/askproai/finder-offers-taken-slot.yaml', import.meta.url).pathname), { fix: 'on', seed: 1 }).report;
    expect(report.steps.some((s) => s.alternatives[0]?.slot === s.slot && s.alternatives[0]?.truth === 'taken')).toBe(true);
  });
});

describe("the finder's tenant is the call's, the clear's the service's (askproai-34a0115)", () => {
  const file = new URL('../scenarios/askproai/finder-call-branch-clear-misses.yaml', import.meta.url).pathname;
  const finderKey = (branch: number) => `cal_slots_1_${branch}_123_2025-10-21-09_2025-10-21-10`;

  it("a branch's call to a company-wide service fills an entry the webhook's clear never names", () => {
    const { report, events } = runScenario(loadScenarioFile(file), { fix: 'on', seed: 1 });
    expect(events.some((e) => e.kind === 'cache.put' && e.key === finderKey(5) && e.by === 'A#1')).toBe(true);
    expect(events.some((e) => e.kind === 'cache.forget' && e.key === finderKey(0) && e.by.startsWith('webhook:') && !e.removed)).toBe(true);
    expect(report.cache.live).toContain(finderKey(5));
  });

  it('when the call comes in on the service\'s own branch, the same clear ends the finder\'s entry', () => {
    const text = readFileSync(file, 'utf8').replace('callBranch: 5, ', '');
    const { report, events } = runScenario(parseScenario(text, 'same-branch.yaml'), { fix: 'on', seed: 1 });
    expect(events.some((e) => e.kind === 'cache.forget' && e.key === finderKey(0) && e.removed)).toBe(true);
    expect(report.cache.live).not.toContain(finderKey(0));
    expect(report.cache.live).not.toContain(finderKey(5));
  });
});
