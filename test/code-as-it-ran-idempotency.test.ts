import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { variants } from '../sim/systems/askproai/variants.ts';

const scenario = (name: string) => loadScenarioFile(new URL(`../scenarios/askproai/${name}.yaml`, import.meta.url).pathname);
const run = (name: string, fix: string) => runScenario(scenario(name), { fix: fix as never, seed: 1 });
const outcomes = (r: ReturnType<typeof run>) => r.report.steps.map((s) => s.outcome);

describe("fd25bd785: a repeated start_booking of the same call (Retell's retry)", () => {
  it('names its commit and date', () => {
    expect(variants['retell-idempotency'].origin).toEqual({ commit: 'fd25bd785', date: '2025-11-26' });
  });

  it('the retry after the first booking hears "gerade vergeben" under l2-30 and "gebucht" from booking_success:{call} under retell-idempotency', () => {
    expect(outcomes(run('retell-retry-idempotency', 'l2-30'))).toEqual(['available', 'available', 'error', 'booked', 'unavailable']);
    const after = run('retell-retry-idempotency', 'retell-idempotency');
    expect(outcomes(after)).toEqual(['available', 'available', 'error', 'booked', 'booked']);
    const keyEvents = after.events.filter((e) => (e.kind === 'cache.put' || e.kind === 'cache.get') && e.key === 'booking_success:A');
    expect(keyEvents.map((e) => (e.kind === 'cache.put' ? `put ${e.ttlSeconds}` : `get ${e.kind === 'cache.get' && e.hit}`))).toEqual([
      'get false',
      'put 300',
      'get true',
    ]);
  });

  it('a single booking per call answers as under l2-30', () => {
    for (const name of ['l2-30-double-check-miss-500', 'l2-30-retry-two-breaker-failures']) {
      expect(outcomes(run(name, 'retell-idempotency')), name).toEqual(outcomes(run(name, 'l2-30')));
    }
  });
});
