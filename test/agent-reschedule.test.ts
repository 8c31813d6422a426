import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import type { Scenario } from '../sim/scenario/scenario.ts';
import { runCli } from '../sim/cli/main.ts';
import { scenarioToYaml } from '../sim/explore/scenarioYaml.ts';

const file = 'scenarios/askproai/agent-reschedule-stale-check.yaml';
const scenario = loadScenarioFile(new URL(`../${file}`, import.meta.url).pathname);
/** The scenario with only the steps at `indices`, renumbered. */
const only = (indices: number[]): Scenario => ({ ...scenario, expect: {}, steps: indices.map((i, index) => ({ ...scenario.steps[i], index })) });

describe("the agent's reschedule (reschedule_booking)", () => {
  it('moves the booking at Cal.com: the old booking is cancelled, a new one holds the target, BOOKING_RESCHEDULED goes out', () => {
    const { report, outcome, events } = runScenario(scenario, { fix: 'on', seed: 1 });
    expect(report.steps[2]).toMatchObject({ action: 'reschedule_booking', slot: '2025-10-20 14:00', movedFrom: '2025-10-20 13:00', outcome: 'booked' });
    expect(outcome.ledger.map((b) => [b.uid, b.bookedBy, b.cancelled !== undefined])).toEqual([
      ['booking-1', 'A', true],
      ['booking-2', 'C', false],
      ['booking-3', 'A', false],
    ]);
    expect(events.some((e) => e.kind === 'note' && e.by === 'webhook:booking-3:rescheduled')).toBe(true);
    expect(report.metrics.bookingAttempts).toBe(2); // a reschedule is a call, not a booking attempt
  });

  it('checks its target on the team-less ±30 min Layer 1 key, which no Phase A+ clear reaches: C\'s move is refused after a stale check', () => {
    for (const profile of ['askproai-34a0115', 'seed'] as const) {
      const { report, events } = runScenario(scenario, { fix: 'on', seed: 1, profile });
      const gets = events.filter((e) => e.kind === 'cache.get' && e.by === 'C#3');
      expect(gets.map((e) => (e.kind === 'cache.get' ? [e.key, e.hit] : null))).toEqual([['calcom:slots:123:2025-10-20 13:30:00:2025-10-20 14:30:00', true]]);
      expect(report.steps[3]).toMatchObject({ outcome: 'conflict', attribution: 'stale-cache', staleLayer: 'layer1' });
    }
  });

  it('a target the check finds taken is "unavailable" with the controller\'s alternatives (team-less finder keys), and Cal.com is not asked', () => {
    const toTaken = only([0, 1, 3]);
    const movesOntoA = { ...toTaken, steps: [...toTaken.steps.slice(0, 2), { ...toTaken.steps[2], to: scenario.steps[0].slot }] };
    const { report, events } = runScenario(movesOntoA, { fix: 'on', seed: 1 });
    expect(report.steps[2]).toMatchObject({ outcome: 'unavailable', truth: 'taken' });
    expect(report.steps[2].alternatives?.length).toBeGreaterThan(0);
    expect(events.some((e) => e.kind === 'cache.get' && e.by === 'C#2' && e.key.startsWith('cal_slots_0_0_'))).toBe(true);
    expect(events.some((e) => e.kind === 'note' && e.by === 'C#2' && e.text.startsWith('calcom.reschedule'))).toBe(false);
  });

  it('moving a slot no booking holds is an error (Cal.com 404); under e06c5837e the ±30 min strings fail date_format:Y-m-d', () => {
    expect(runScenario(only([2]), { fix: 'on', seed: 1 }).report.steps[0].outcome).toBe('error');
    const dates = runScenario(scenario, { fix: 'l2-60', seed: 1 });
    expect(dates.report.steps[2].outcome).toBe('error');
  });

  it('runs on a cache stack too, through the stack\'s check path', async () => {
    const run = await runCli(['run', file, '--system', 'stack', '--stack', 'scenarios/stacks/seed-design.yaml', '--fix', 'on', '--json']);
    expect(run.code).toBeLessThan(2);
    const steps = JSON.parse(run.stdout).steps as { outcome: string }[];
    expect(steps.map((s) => s.outcome)).toEqual(['booked', 'booked', 'booked', 'unavailable']);
  });

  it('a scenario written back (explore, import) keeps each move\'s to:', () => {
    const written = parseScenario(scenarioToYaml(scenario, { profile: 'askproai-34a0115', expect: {} }), 'written.yaml');
    expect(written.steps.map((s) => s.to)).toEqual(scenario.steps.map((s) => s.to));
  });
});
