import { describe, expect, it } from 'vitest';
import { variants } from '../sim/systems/askproai/variants.ts';

describe('variants name the commits they stand for', () => {
  it('the later history carries commit and date; the branch-only one says so; designs carry none', () => {
    expect(variants['l1-300-coalesce'].origin).toEqual({ commit: 'e06c5837e', date: '2025-11-12' });
    expect(variants['async-smart-clear'].origin?.branch).toBe('feature/calcom-rate-limit-optimization');
    expect(variants['l2-60'].origin?.commit).toBe('4434a4976');
    expect(variants['l2-30'].origin?.commit).toBe('57b4aa6f6');
    expect(variants.on.origin?.commit).toBe('34a011586');
    for (const design of ['versioned-keys', 'leases', 'recheck', 'reserve', 'none'] as const) expect(variants[design].origin).toBeUndefined();
  });
});
