import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { variants } from '../sim/systems/askproai/variants.ts';

const scenario = (name: string) => loadScenarioFile(new URL(`../scenarios/askproai/${name}.yaml`, import.meta.url).pathname);

describe('the commits after 57b4aa6f6 as variants', () => {
  it('each later row names its commit and date', () => {
    for (const name of ['l1-300-cas-500', 'l1-300-cas', 'l2-30-async', 'finder-berlin', 'tenant-keys', 'slot-locks'] as const) {
      expect(variants[name].origin?.commit, name).toMatch(/^[0-9a-f]{9}$/);
      expect(variants[name].origin?.date, name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('5c2cf134c: the finder speaks the slots it read, so no offered alternative is another slot than the one read', () => {
    const before = runScenario(scenario('finder-berlin-speaks-local'), { fix: 'l2-30', seed: 1 });
    const after = runScenario(scenario('finder-berlin-speaks-local'), { fix: 'finder-berlin' as never, seed: 1 });
    const alternatives = (run: typeof before) => run.outcome.records[1].answer.alternatives;
    expect(alternatives(before).length).toBeGreaterThan(0);
    expect(alternatives(before).every((a) => a.readSlotMs !== undefined && a.readSlotMs - a.slotMs === 3_600_000)).toBe(true); // winter: UTC H:i is an hour early
    expect(alternatives(after).length).toBeGreaterThan(0);
    expect(alternatives(after).every((a) => a.readSlotMs === undefined)).toBe(true);
    expect(before.report.metrics.staleAlternatives).toBe(1);
    expect(after.report.metrics.staleAlternatives).toBe(0);
  });

  it("3a6012b85: the per-call key carries the company, and the caller's answers do not change", () => {
    const before = runScenario(scenario('tenant-call-keys'), { fix: 'l2-30', seed: 1 });
    const after = runScenario(scenario('tenant-call-keys'), { fix: 'tenant-keys' as never, seed: 1 });
    const puts = (run: typeof before) => run.events.flatMap((e) => (e.kind === 'cache.put' && e.key.includes('last_availability_check') ? [e.key] : []));
    expect(puts(before)).toEqual(['call:A:last_availability_check']);
    expect(puts(after)).toEqual(['call:1:A:last_availability_check']);
    expect(after.report.steps.map((s) => s.outcome)).toEqual(before.report.steps.map((s) => s.outcome));
  });
});

describe('a7efdc503 slot locks (FEATURE_SLOT_LOCKING on)', () => {
  const run = (fix: string) => runScenario(scenario('slot-locks'), { fix: fix as never, seed: 1 });
  const outcomes = (r: ReturnType<typeof run>) => r.report.steps.map((s) => s.outcome);

  it("a held lock turns a later check's 'noch frei' into 'gerade gebucht', the holder's own included", () => {
    expect(outcomes(run('l2-30'))).toEqual(['available', 'available', 'available', 'available', 'available']);
    const locked = run('slot-locks');
    expect(outcomes(locked)).toEqual(['available', 'unavailable', 'unavailable', 'available', 'available']);
    expect(locked.outcome.records[1].answer.alternatives).toEqual([]);
  });

  it('has-then-put is not atomic: two checks at one instant both write the lock and both hear "noch frei"', () => {
    const lockPuts = run('slot-locks').events.flatMap((e) => (e.kind === 'cache.put' && e.key === 'slot_lock:c1:s1:t202601061500' ? [e.key] : []));
    expect(lockPuts).toHaveLength(2);
  });
});
