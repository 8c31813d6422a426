import { describe, expect, it } from 'vitest';
import type { ScheduledEvent } from '../sim/core/eventQueue.ts';
import { RandomStreams } from '../sim/core/random.ts';
import { pctSelector } from '../sim/core/taskSelector.ts';
import { exhaustive } from '../sim/explore/exhaustive.ts';
import { explore } from '../sim/explore/explorer.ts';
import { parseProperties } from '../sim/explore/properties.ts';
import { InputError } from '../sim/inputError.ts';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

const scenario = (name: string) => loadScenarioFile(new URL(`../scenarios/${name}.yaml`, import.meta.url).pathname);
const base = { profile: 'seed' as const, runs: 300, maxCallers: 3, strategy: 'random' as const };

describe('racesim explore', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`fix off, no-stale-available, seed ${seed}: finds a violation quickly and the written scenario replays to it`, () => {
      const { finding } = explore({ ...base, fix: 'off', properties: parseProperties('no-stale-available'), seed });
      expect(finding).not.toBeNull();
      expect(finding!.runsToFind).toBeLessThan(100);
      const replayed = parseScenario(finding!.yaml, 'found.yaml');
      const report = runScenario(replayed, { fix: 'off', seed: 1 }).report;
      expect(report.expectations.results.length).toBeGreaterThan(0);
      expect(report.expectations.failed).toBe(0);
      // A stale "available" is a direct answer or an offered alternative already taken when offered.
      expect(report.steps.some((s) => s.stale || s.offersTaken)).toBe(true);
      // Once the violation is gone it is gone: under versioned keys nobody is told a stale "free" (directly or as an
      // alternative) after the booking's own reply; an answer in the same millisecond as the acceptance is check-then-act.
      const fixed = runScenario(replayed, { fix: 'versioned-keys', seed: 1 });
      expect(parseProperties('no-stale-after 0')[0].check(fixed)).toBeNull();
    });
  }

  it('the same seed gives the same finding', () => {
    const run = () => explore({ ...base, fix: 'on', properties: parseProperties('no-stale-after 2000'), seed: 3 }).finding!.yaml;
    expect(run()).toBe(run());
  });

  it('fix on: finds a hole of Phase A+ shrunk to at most three callers', () => {
    const { finding } = explore({ ...base, fix: 'on', runs: 1000, properties: parseProperties('no-stale-after 11000'), seed: 1 });
    expect(finding?.size.callers).toBeLessThanOrEqual(3);
    expect(finding?.violation.message).toMatch(/served by layer2/);
  });

  it('double bookings need the fault: none without --faults, found with it', () => {
    const properties = parseProperties('no-double-booking');
    expect(explore({ ...base, fix: 'on', properties, seed: 2, runs: 400 }).finding).toBeNull();
    const { finding } = explore({ ...base, fix: 'on', properties, seed: 2, runs: 400, faults: true });
    expect(finding?.violation.property).toBe('no-double-booking');
    expect(finding?.yaml).toMatch(/doubleBookingWindowMs: [1-9]/);
  });

  it('no-stale-alternatives catches a taken slot offered as an alternative; no-stale-direct does not', () => {
    const run = runScenario(scenario('askproai/seed-stale-alternative'), { fix: 'on', seed: 1 });
    const [alternatives, direct, headline] = parseProperties('no-stale-alternatives, no-stale-direct, no-stale-available');
    const violation = alternatives.check(run);
    expect(violation?.message).toBe('step 4 (C) was offered 2025-10-20 13:00 as an alternative 5000 ms after Cal.com accepted its booking (served by layer2)');
    expect(violation?.evidence).toEqual([{ step: 4, offersTaken: true }]);
    expect(direct.check(run)).toBeNull();
    expect(headline.check(run)?.message).toBe(violation?.message);
  });

  it('no-wrong-slot catches an answer about another slot; conflicts-are-toctou counts wrong-slot rejections', () => {
    const run = runScenario(scenario('askproai/utc-wall-clock-wrong-slot'), { fix: 'on', seed: 1 });
    const [wrongSlot, toctouOnly] = parseProperties('no-wrong-slot, conflicts-are-toctou');
    expect(wrongSlot.check(run)?.message).toBe('step 1 (B) was told 2025-10-20 13:00 is free, which is taken: the code tested 2025-10-20 15:00');
    expect(toctouOnly.check(run)?.message).toBe('step 2 (B) was rejected for 2025-10-20 13:00: wrong-slot');
    expect(wrongSlot.check(runScenario(scenario('askproai/seed-stale-alternative'), { fix: 'on', seed: 1 }))).toBeNull();
  });

    it('unknown properties and missing arguments are bad input', () => {
    expect(() => parseProperties('no-stale')).toThrow(InputError);
    expect(() => parseProperties('no-stale-after')).toThrow(/takes a whole number <ms>/);
  });
});

describe('exhaustive mode', () => {
  // With a 10 s window, the four steps of both timelines (at 0, 2 or 7, 5 and 10 s) and the webhook fall
  // into two windows, and each caller's steps keep their order. The six observable outcomes: B told the
  // truth by Cal.com, or by a Layer 2 entry filled before the booking, or A served by B's fill — each
  // then a toctou rejection (3); B told "free" by Cal.com's reply in flight across the booking
  // (upstream-lag); B told "free" by a stale Layer 2 entry (stale-cache); B told "unavailable" and
  // booking the alternative.
  for (const name of ['seed-timeline', 'test-case-2-parallel-users']) {
    it(`${name}: every ordering within a 10 s window, and its distinct outcomes`, () => {
      const result = exhaustive(scenario(name), { fix: 'off', maxOrderings: 5000, windowMs: 10_000 });
      expect(result.complete).toBe(true);
      expect(result.orderings).toBe(442);
      expect(result.distinct).toBe(6);
      expect(result.outcomes.reduce((n, o) => n + o.count, 0)).toBe(result.orderings);
      const causes = new Set(result.outcomes.flatMap((o) => o.steps.map((s) => s.attribution)).filter(Boolean));
      expect([...causes].sort()).toEqual(['stale-cache', 'toctou', 'upstream-lag']);
    });
  }

  it('an outcome replays from its ordering', () => {
    const s = scenario('test-case-2-parallel-users');
    const result = exhaustive(s, { fix: 'off', maxOrderings: 5000, windowMs: 10_000 });
    const last = result.outcomes[result.outcomes.length - 1];
    const replayed = runScenario({ ...s, tieBreaks: last.ordering }, { fix: 'off', seed: 1, tieWindowMs: 10_000 }).report.steps;
    expect(replayed.map((r) => [r.outcome, r.attribution])).toEqual(last.steps.map((r) => [r.outcome, r.attribution]));
  });
});

describe('the PCT selector', () => {
  const ready = (...labels: string[]) => labels.map((label, seq) => ({ time: 0, seq, label, run: () => {} }) as ScheduledEvent);
  it('keeps choosing the same label by priority until a change point demotes it', () => {
    const selector = pctSelector(new RandomStreams(9).stream('schedule'), 1, 10);
    const first = ready('A', 'B', 'C')[selector.select(ready('A', 'B', 'C'))].label;
    for (let i = 0; i < 20; i++) {
      const order = i % 2 ? ['C', 'B', 'A'] : ['A', 'B', 'C'];
      expect(order[selector.select(ready(...order))]).toBe(first);
    }
    const demoting = pctSelector(new RandomStreams(9).stream('schedule'), 2, 1);
    const before = ['A', 'B', 'C'][demoting.select(ready('A', 'B', 'C'))];
    expect(['A', 'B', 'C'][demoting.select(ready('A', 'B', 'C'))]).not.toBe(before);
  });
});
