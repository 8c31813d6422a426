import { describe, expect, it } from 'vitest';
import type { CacheGet, CachePut, HistoryEvent } from '../sim/core/history.ts';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

const tc2 = loadScenarioFile(new URL('../scenarios/test-case-2-parallel-users.yaml', import.meta.url).pathname);
type Of<K extends HistoryEvent['kind']> = Extract<HistoryEvent, { kind: K }>;
const byId = (events: readonly HistoryEvent[]) => new Map(events.map((e) => [e.id, e]));

describe('the typed, causal history', () => {
  it("test case 2, fix off: B's stale answer names the Layer 2 entry, its fill, and the Cal.com read from before A booked", () => {
    const { events, report } = runScenario(tc2, { fix: 'off', seed: 1 });
    const events_ = byId(events);
    const hit = events.find((e): e is Of<'cache.get'> => e.kind === 'cache.get' && e.by === 'B#2' && e.hit && e.key.startsWith('cal_slots_')) as CacheGet & HistoryEvent;
    expect(hit).toBeDefined();
    const fill = events_.get(hit.entry!) as CachePut & HistoryEvent;
    expect(fill.kind).toBe('cache.put');
    expect(fill.key).toBe(hit.key);
    expect(fill.by).toBe('A#0');
    // The fill took its value from A's Layer 1 fill, which took it from Cal.com, before A's booking was accepted.
    const read = events_.get(fill.source!.event)!;
    const accepted = events.find((e) => e.kind === 'calcom.accepted' && e.by === 'A#1')!;
    expect(read.at).toBeLessThan(accepted.at);
    expect(['calcom.read', 'cache.get']).toContain(read.kind);
    // Nothing cleared the entry B read: under off the booking path clears Layer 1 only.
    expect(events.some((e) => e.kind === 'cache.forget' && e.entry === fill.id)).toBe(false);
    expect(report.steps[2]).toMatchObject({ stale: true, servedBy: 'layer2' });
  });

  it('fix on: the clear names the entry it ended and the booking it follows', () => {
    const { events } = runScenario(tc2, { fix: 'on', seed: 1 });
    const events_ = byId(events);
    const accepted = events.find((e) => e.kind === 'calcom.accepted' && e.by === 'A#1')!;
    const clears = events.filter((e): e is Of<'cache.forget'> => e.kind === 'cache.forget' && e.removed);
    expect(clears.filter((c) => c.by === 'A#1').length).toBeGreaterThan(0);
    for (const clear of clears) {
      // A's own clear follows A's booking; a webhook's clear follows the booking it reports.
      if (clear.by === 'A#1') expect(clear.cause).toBe(accepted.id);
      expect(events_.get(clear.cause!)).toMatchObject({ kind: 'calcom.accepted' });
      expect(events_.get(clear.entry!)).toMatchObject({ kind: 'cache.put', key: clear.key });
    }
  });

  it('the trace lines are derived from the events, one per event that has a text form', () => {
    const { events, trace } = runScenario(tc2, { fix: 'on', seed: 1 });
    expect(trace.length).toBe(events.filter((e) => e.kind !== 'calcom.read').length);
    expect(trace[0]).toMatch(/^\d+ A#0 invoke check_availability/);
  });

  it('e06c5837e keeps a day without a free slot 60 s, not 300 s: the next re-check reads Cal.com again', () => {
    const scenario = loadScenarioFile(new URL('../scenarios/askproai/l1-empty-day-60s.yaml', import.meta.url).pathname);
    const { events, report } = runScenario(scenario, { fix: 'l1-300-coalesce', seed: 1 });
    const dayKey = 'calcom:slots:1:123:2025-10-20:2025-10-20';
    const fills = events.filter((e): e is Of<'cache.put'> => e.kind === 'cache.put' && e.key === dayKey);
    expect(fills.map((f) => [f.by, f.ttlSeconds])).toEqual([['A#2', 60], ['B#3', 60]]);
    expect(events.some((e) => e.kind === 'calcom.read' && e.by === 'B#3')).toBe(true);
    expect(report.expectations.failed).toBe(0);
  });
});
