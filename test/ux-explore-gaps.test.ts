import { describe, expect, it } from 'vitest';
import { widenTies } from '../sim/explore/arbitraries.ts';
import { explore } from '../sim/explore/explorer.ts';
import { parseProperties } from '../sim/explore/properties.ts';
import { parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import type { Scenario, Step } from '../sim/scenario/scenario.ts';

const step = (index: number, atMs: number): Step => ({ index, atMs, caller: 'ABC'[index], action: 'check_availability', slot: { year: 2025, month: 10, day: 21, hour: 9, minute: 0, second: 0, ms: 0 }, service: 0 });
const tied = (times: number[]): Scenario => ({ name: 't', file: 't.yaml', timezone: 'Europe/Berlin', startMs: 0, world: {} as Scenario['world'], steps: times.map((t, i) => step(i, t)), expect: {} });
const times = (s: Scenario) => s.steps.map((x) => x.atMs);

describe('the explorer keeps the shortest real gap that still shows a finding', () => {
  it('a step on the instant of the one before moves to the shortest gap that keeps the finding; later steps move with it', () => {
    // The "finding" needs B at least 20 ms after A; C needs nothing but is tied to B.
    expect(times(widenTies(tied([0, 0, 0]), (s) => s.steps[1].atMs - s.steps[0].atMs >= 20))).toEqual([0, 20, 21]);
    // Steps already apart stay where they are.
    expect(times(widenTies(tied([0, 1000, 3000]), () => true))).toEqual([0, 1000, 3000]);
  });

  it('a finding that needs the tie keeps it', () => {
    expect(times(widenTies(tied([0, 0, 5]), (s) => s.steps[1].atMs === s.steps[0].atMs))).toEqual([0, 0, 5]);
  });

  it('fix off, seed 1: A is offered B\'s slot 1 ms after B booked it (not at the same instant), and the scenario replays to its finding', () => {
    const { finding } = explore({ profile: 'seed', runs: 300, maxCallers: 3, strategy: 'random', fix: 'off', properties: parseProperties('no-stale-available'), seed: 1 });
    const found = parseScenario(finding!.yaml, 'found.yaml');
    const at = times(found);
    expect(new Set(at).size).toBe(at.length);
    expect(finding!.yaml).toContain('- { at: "10:00:01", caller: "B", action: "create_booking"');
    expect(finding!.yaml).toContain('- { at: "10:00:01.001", caller: "A", action: "check_availability"');
    const report = runScenario(found, { fix: 'off', seed: 1 }).report;
    expect(report.expectations.failed).toBe(0);
    expect(report.steps.find((s) => s.caller === 'A')).toMatchObject({ outcome: 'unavailable', offersTaken: true });
  });
});
