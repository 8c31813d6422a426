import { describe, expect, it } from 'vitest';
import { processRecords } from '../sim/conform/compareSteps.ts';
import { stepPlans } from '../sim/conform/stepPlan.ts';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

/** How conform reads the model's history (no php needed): the units each step called, and what the comparison sees. */
const modelRun = (file: string, fix: string) => runScenario(loadScenarioFile(file), { fix, seed: 1 });

describe('the plan conform takes from the model\'s history', () => {
  const run = modelRun('test/fixtures/conform-app/scenario.yaml', 'on');
  const plans = stepPlans(run.events, run.outcome.records);

  it('names each step\'s Layer 1 reads with their strings and team, the finder with its tenant, the clears and the booking', () => {
    expect(plans.get('A#1')?.units).toEqual([
      { unit: 'slots', eventType: 123, start: '2025-10-20 13:00:00', end: '2025-10-20 14:59:59', team: null },
      { unit: 'finder', eventType: 123, tenant: false },
    ]);
    expect(plans.get('C#3')?.units).toEqual([{ unit: 'slots', eventType: 123, start: '2025-10-20', end: '2025-10-20', team: 1 }, { unit: 'book' }]);
    expect(plans.get('webhook:booking-1')?.units).toEqual([{ unit: 'clear', eventType: 123, webhook: true }]);
  });

  it('counts a coalesced read (miss, lock, fill without reading again) as one call', () => {
    const locked = modelRun('scenarios/askproai/breaker-counts-taken-slot.yaml', 'l1-300-coalesce');
    const units = stepPlans(locked.events, locked.outcome.records).get('A#0')?.units;
    const day = { unit: 'slots', eventType: 123, start: '2025-10-20', end: '2025-10-20', team: 1 };
    expect(units).toEqual([day, { unit: 'book' }]);
    const reads = locked.events.filter((e) => e.by === 'A#0' && e.kind === 'cache.get').map((e) => (e as { key: string }).key);
    // The lock winner fetches at once (e06c5837e CalcomService 395): the day key is read once, before the lock.
    expect(reads).toEqual(['calcom:slots:1:123:2025-10-20:2025-10-20', 'lock:calcom:slots:1:123:2025-10-20:2025-10-20']);
  });

  it('compares only Layer 1 and Layer 2 keys, and Cal.com ranges to the second', () => {
    const a = processRecords(run.events, run.outcome.records).get('A#1')!;
    expect(a.reads.every((r) => r.startsWith('calcom:slots:') || r.startsWith('cal_slots_'))).toBe(true);
    // The hourly key's fill and the finder's day key's fill each ask for the whole day.
    const day = 'GET /slots/available eventTypeId=123 2025-10-20T00:00:00.000Z..2025-10-20T23:59:59.000Z';
    expect(a.requests).toEqual([day, day]);
    expect(a.answer).toBe('unavailable, offers 2025-10-20T12:30:00.000Z 2025-10-20T13:30:00.000Z');
  });
});
