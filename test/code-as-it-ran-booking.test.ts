import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

const scenario = (name: string) => loadScenarioFile(new URL(`../scenarios/askproai/${name}.yaml`, import.meta.url).pathname);
const run = (name: string, fix: string) => runScenario(scenario(name), { fix: fix as never, seed: 1 });
const outcomes = (name: string, fix: string) => run(name, fix).report.steps.map((s) => s.outcome);
/** The breaker failures a process recorded (`calcom.failure …` lines it wrote). */
const breakerFailures = (trace: readonly string[], by: string) => trace.filter((l) => l.includes(by) && l.includes('calcom.failure')).length;

describe('the booking step as it ran from 484a16e68 on', () => {
  it("re-checks a call without a recent check and never finds the slot: $reCheckResponse['slots'] is always empty", () => {
    const { report, trace } = run('l2-30-recheck-never-finds-slot', 'l2-30');
    expect(report.steps[0].outcome).toBe('unavailable');
    expect(trace.join('\n')).toContain("$reCheckResponse['slots'] is absent");
    expect(report.metrics.calcomRequests).toBeGreaterThan(0);
    expect(outcomes('l2-30-recheck-never-finds-slot', 'l2-60')).toEqual(['unavailable']);
    expect(outcomes('l2-30-recheck-never-finds-slot', 'on')).toEqual(['booked']);
  });

  it("57b4aa6f6's double check: a miss is a PHP Error (HTTP 500, no booking), a hit an ErrorException caught", () => {
    const { report, trace, outcome } = run('l2-30-double-check-miss-500', 'l2-30');
    expect(report.steps.map((s) => s.outcome)).toEqual(['available', 'error', 'available', 'booked']);
    const lines = trace.join('\n');
    expect(lines).toContain("$slot['time'] on its CookieJar: PHP Error, HTTP 500");
    expect(lines).toContain("ErrorException caught, booking continues");
    // The team-less day key ($company never assigned), and no booking for A.
    expect(trace.some((l) => l.includes('cache.put calcom:slots:123:2025-11-21:2025-11-21'))).toBe(true);
    expect(outcome.ledger.map((b) => b.bookedBy)).toEqual(['B']);
    expect(outcomes('l2-30-double-check-miss-500', 'l2-60')).toEqual(['available', 'booked', 'available', 'booked']);
  });

  it('retries a conflict once: two POSTs, two breaker failures, then the alternatives', () => {
    const { report, trace } = run('l2-30-retry-two-breaker-failures', 'l2-30');
    expect(report.steps[4].outcome).toBe('conflict');
    expect(trace.filter((l) => l.includes('A#4') && l.includes('-> 400')).length).toBe(2);
    expect(breakerFailures(trace, 'A#4')).toBe(2);
    expect(breakerFailures(run('l2-30-retry-two-breaker-failures', 'on').trace, 'A#4')).toBe(1);
  });

  it('with ASYNC_CALCOM_SYNC the caller hears "gebucht", the job fails three times and flags manual review', () => {
    const { report, events, outcome } = run('l2-30-async-told-booked-later-failed', 'l2-30-async');
    expect(report.steps[2].outcome).toBe('booked');
    const kinds = events.filter((e) => e.kind.startsWith('booking.')).map((e) => (e.kind === 'booking.sync-failed' ? `${e.kind}#${e.attempt}` : e.kind));
    expect(kinds).toEqual(['booking.told-booked', 'booking.sync-failed#1', 'booking.sync-failed#2', 'booking.sync-failed#3', 'booking.manual-review']);
    const [told, , second, third] = events.filter((e) => e.kind.startsWith('booking.'));
    expect(third.at - second.at).toBeGreaterThanOrEqual(5_000); // the job's backoff: 1 s, then 5 s
    expect(told.at).toBeLessThan(second.at);
    expect(outcome.ledger.some((b) => b.bookedBy === 'A')).toBe(false);
    expect(outcome.stats.deferredBookings).toEqual({ toldBooked: 1, laterFailed: 1 });
    expect(outcomes('l2-30-async-told-booked-later-failed', 'l2-30')[2]).toBe('error');
  });
});
