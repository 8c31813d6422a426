import { describe, expect, it } from 'vitest';
import { checkCommitClaims, reduction } from '../sim/workloads/appClaims.ts';

describe('57b4aa6f6\'s own claims', () => {
  it('a reduction is 1 − p_after / p_before, its interval around it', () => {
    const r = reduction({ n: 100, of: 1000 }, { n: 10, of: 1000 });
    expect(r.value).toBeCloseTo(0.9, 10);
    expect(r.ci95[0]).toBeLessThan(0.9);
    expect(r.ci95[1]).toBeGreaterThan(0.9);
    expect(r.ci95[1]).toBeLessThan(1);
  });

  it('no errors after still has an interval (a zero count is taken as 0.5)', () => {
    const r = reduction({ n: 20, of: 100 }, { n: 0, of: 100 });
    expect(r.value).toBe(1);
    expect(r.ci95[0]).toBeGreaterThan(0);
    expect(r.ci95[1]).toBeLessThan(1);
  });

  it('names workload, profile and variants, and each verdict follows its interval', async () => {
    const result = await checkCommitClaims({ runs: 2, seed: 1, workers: 1 });
    expect(result).toMatchObject({ workload: 'test-call-21s', profile: 'askproai-34a0115', variants: ['l2-60', 'l2-30'] });
    expect(result.command).toContain('--workload scenarios/workloads/test-call-21s.yaml --fix l2-60,l2-30 --runs 2 --seed 1 --profile askproai-34a0115');
    expect(result.checks.map((c) => c.claim)).toEqual([
      'race failures 10–15 % before',
      'race failures < 1 % after',
      '90 % reduction in "vergeben" errors',
      '+200–300 ms per booking',
      'booking success ~85 % before',
      'booking success ~99 % after',
    ]);
    const after = result.checks[1];
    const expected = after.rate!.ci95[1] < 0.01 ? 'holds' : after.rate!.ci95[0] >= 0.01 ? 'fails' : 'inconclusive';
    expect(after.verdict).toBe(expected);
  });
});
