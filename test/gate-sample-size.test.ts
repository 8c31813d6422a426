import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trialsToShow } from '../sim/gate/sampleSize.ts';
import { wilson } from '../sim/metrics/measurement.ts';

const root = new URL('..', import.meta.url).pathname;
const twoCallers = join(root, 'scenarios/workloads/two-callers.yaml');

/** `racesim gate` on one check of the two-caller workload under the fix (no conflicts, no stale answers in 40 runs). */
function gate(limits: string, runs = 40) {
  const dir = mkdtempSync(join(tmpdir(), 'racesim-gate-n-'));
  const config = join(dir, 'gate.yaml');
  writeFileSync(config, `checks:\n  - { name: pair, workload: ${twoCallers}, fix: "on", runs: ${runs}, seed: 1, limits: { ${limits} } }\n`);
  const r = spawnSync(process.execPath, [join(root, 'bin/racesim.js'), 'gate', '--config', config, '--summary', join(dir, 's.md'), '--junit', join(dir, 'j.xml')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_STEP_SUMMARY: '' },
  });
  return { code: r.status, out: r.stdout + r.stderr, summary: readFileSync(join(dir, 's.md'), 'utf8'), junit: readFileSync(join(dir, 'j.xml'), 'utf8') };
}

describe('trialsToShow', () => {
  it('finds the fewest trials whose upper Wilson bound reaches the limit', () => {
    expect(trialsToShow(0, 0.01)).toBe(381);
    expect(wilson(0, 381).ci95[1]).toBeLessThanOrEqual(0.01);
    expect(wilson(0, 380).ci95[1]).toBeGreaterThan(0.01);
    const atRate = trialsToShow(0.005, 0.01)!;
    expect(wilson(0.005 * atRate, atRate).ci95[1]).toBeLessThanOrEqual(0.01);
    expect(wilson(0.005 * (atRate - 1), atRate - 1).ci95[1]).toBeGreaterThan(0.01);
  });

  it('is undefined when no sample can show the limit', () => {
    expect(trialsToShow(0.02, 0.01)).toBeUndefined();
    expect(trialsToShow(0, 0)).toBeUndefined();
  });
});

describe('racesim gate with too small a sample', () => {
  it('fails (exit 1) and says how many bookings and runs would show the limit', () => {
    const r = gate('maxConflictRate: 0.01');
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL pair: maxConflictRate: cannot show ≤ 1 % with 40 bookings (upper bound 8.76 %); at 0 events it needs 381 (raise runs to ≈ 381)');
    expect(r.summary).toContain('| pair | on | 40 | 1 | maxConflictRate | 0 of 40 bookings, rate 0.00 % | upper bound 8.76 % | ≤ 1 % | ❌ |');
    expect(r.junit).toMatch(/<testcase classname="racesim.gate" name="pair" time="\d+\.\d{3}"><failure message="maxConflictRate: cannot show/);
  });

  it('judges a rate limit and its …Upper alias alike, on the upper bound', () => {
    const r = gate('maxConflictRate: 0.1, maxConflictRateUpper: 0.1, maxStaleAvailableRate: 0.05');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ok   pair: maxConflictRate upper bound 8.76 % ≤ 10 % (0 of 40 bookings, rate 0.00 %)');
    expect(r.out).toContain('ok   pair: maxConflictRateUpper upper bound 8.76 % ≤ 10 %');
    expect(r.out).toContain('0 of 160 answers and offered alternatives');
  });

  it('a limit of 0 means none at all, judged on the count (no interval can show exactly 0)', () => {
    const r = gate('maxConflictRate: 0');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ok   pair: maxConflictRate count 0, rate 0.00 % ≤ 0 % (0 of 40 bookings, rate 0.00 %)');
  });
});
