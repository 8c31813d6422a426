import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario, runScenarioAsync } from '../sim/scenario/runScenario.ts';
import type { VariantName } from '../sim/systems/askproai/catalog.ts';

const dir = new URL('../scenarios/', import.meta.url);
/** Every scenario file shipped, in scenarios/ and its folders (askproai/, found/), but not workloads or stacks. */
const builtIn = (readdirSync(dir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.yaml') && !f.startsWith('workloads') && !f.startsWith('stacks'))
  .sort();
const load = (name: string) => loadScenarioFile(new URL(name, dir).pathname);
const run = (name: string, fix: VariantName) => runScenario(load(name), { fix, seed: 1 }).report;

describe('built-in scenarios', () => {
  it('ship the seed timeline and the three test cases', () => {
    expect(builtIn).toEqual(
      expect.arrayContaining(['seed-timeline.yaml', 'test-case-1-single-user.yaml', 'test-case-2-parallel-users.yaml', 'test-case-3-multi-tenant.yaml']),
    );
  });

  for (const file of builtIn) {
    const variants = Object.keys(load(file).expect) as VariantName[];
    it(`${file} states expectations`, () => expect(variants.length).toBeGreaterThan(0));
    for (const fix of variants) {
      it(`${file} meets its "${fix}" expectations`, () => {
        const report = run(file, fix);
        expect(report.expectations.results.length).toBeGreaterThan(0);
        expect(report.expectations.results.filter((r) => !r.passed)).toEqual([]);
      });
    }
  }
});

describe('the outcomes the issue names', () => {
  it('test case 2, fix off: B hears a stale "available" from Layer 2 and is rejected for a stale cache', () => {
    const [, , bCheck, bBook] = run('test-case-2-parallel-users.yaml', 'off').steps;
    expect(bCheck).toMatchObject({ caller: 'B', outcome: 'available', truth: 'taken', stale: true, servedBy: 'layer2' });
    expect(bBook).toMatchObject({ outcome: 'conflict', attribution: 'stale-cache', staleLayer: 'layer2', httpStatus: 409 });
  });

  it('test case 2, fix on: B hears "unavailable" with alternatives, books one, nothing is rejected', () => {
    const report = run('test-case-2-parallel-users.yaml', 'on');
    const [, , bCheck, bBook] = report.steps;
    expect(bCheck).toMatchObject({ outcome: 'unavailable', stale: false, truth: 'taken' });
    expect(bCheck.alternatives.length).toBeGreaterThan(0);
    expect(bCheck.alternatives.every((a) => a.truth === 'free')).toBe(true);
    expect(bBook).toMatchObject({ outcome: 'booked', slot: bCheck.alternatives[0].slot, alternativeFor: '2025-10-20 13:00' });
    expect(report.metrics.conflicts).toBe(0);
  });

  it('test case 1: "on" leaves neither layer\'s key of the booked slot alive; "off" leaves the Layer 2 key', () => {
    const l1 = 'calcom:slots:1:123:2025-10-20:2025-10-20';
    const l2 = 'cal_slots_1_0_123_2025-10-20-13_2025-10-20-14';
    const on = run('test-case-1-single-user.yaml', 'on').cache.live;
    const off = run('test-case-1-single-user.yaml', 'off').cache.live;
    expect(on).not.toContain(l1);
    expect(on).not.toContain(l2);
    expect(off).toContain(l2);
  });

  it('the seed timeline: B\'s rejection is a check-then-act race under both variants', () => {
    for (const fix of ['off', 'on'] as const) {
      const b = run('seed-timeline.yaml', fix).steps[3];
      expect(b).toMatchObject({ caller: 'B', outcome: 'conflict', attribution: 'toctou' });
    }
  });

  it('"on" forgets 100 keys per booking for one service (30 Layer 1 + 70 Layer 2), on each of two paths', () => {
    expect(run('test-case-1-single-user.yaml', 'on').metrics.keysForgotten).toBe(200);
    expect(run('test-case-1-single-user.yaml', 'off').metrics.keysForgotten).toBe(30);
    expect(run('test-case-1-single-user.yaml', 'none').metrics.keysForgotten).toBe(0);
  });
});

describe('determinism', () => {
  it('the same scenario and seed give the same traceHash', () => {
    for (const file of builtIn) {
      expect(run(file, 'off').traceHash).toBe(run(file, 'off').traceHash);
    }
  });

  it('both stores give identical traces on every built-in scenario and variant', async () => {
    for (const file of builtIn) {
      for (const fix of ['off', 'on', 'none'] as const) {
        const memory = runScenario(load(file), { fix, seed: 3 });
        const redis = await runScenarioAsync(load(file), { fix, seed: 3, store: 'ioredis-mock' });
        expect(redis.trace).toEqual(memory.trace);
        expect(redis.report).toEqual(memory.report);
      }
    }
  });
});
