import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

const scenario = (name: string) => loadScenarioFile(new URL(`../scenarios/askproai/${name}.yaml`, import.meta.url).pathname);
const run = (name: string, fix: string) => runScenario(scenario(name), { fix: fix as never, seed: 1 });

describe('the function-call check path per commit', () => {
  it('484a16e68 on: CalcomAvailabilityService keeps its own calcom_slot entry 30 s, read past the breaker, cleared by nothing', () => {
    const { report, trace } = run('cas-check-own-entry', 'l2-30');
    expect(report.steps.map((s) => s.outcome)).toEqual(['available', 'booked', 'available', 'unavailable']);
    expect(report.steps[2].servedBy).toBe('calcom_slot');
    expect(trace.some((l) => l.includes('cache.put calcom_slot:123:2025-11-21_13:00 ttl=30s'))).toBe(true);
    expect(trace.some((l) => l.includes('cache.forget calcom_slot:'))).toBe(false);
    // The direct read is no Layer 1 read: the check touched no calcom:slots: key.
    expect(trace.filter((l) => l.includes(' A#0 ') && l.includes('calcom:slots:')).length).toBe(0);
  });

  it('50749ce42 calls a method CalcomAvailabilityService does not have yet, e06c5837e fails date_format: every check an error', () => {
    for (const fix of ['l1-300-cas-500', 'l1-300-coalesce']) {
      const { report } = run('cas-check-own-entry', fix);
      expect(report.steps.filter((s) => s.action === 'check_availability').map((s) => s.outcome)).toEqual(['error', 'error', 'error']);
    }
  });

  it("4434a4976's finder refuses a null branch: the key the old reading showed is never written", () => {
    const guarded = run('l2-60-null-branch-tenant-guard', 'l2-60');
    expect(guarded.report.steps.map((s) => s.outcome)).toEqual(['error', 'booked', 'error']);
    expect(guarded.trace.some((l) => l.includes('cal_slots_1__123'))).toBe(false);
    expect(guarded.trace.join('\n')).toContain('SECURITY: Tenant context required');
    expect(run('l2-60-null-branch-tenant-guard', 'on').report.steps[2].outcome).toBe('unavailable');
  });
});
