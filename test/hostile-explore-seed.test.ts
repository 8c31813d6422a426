import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastCheckSeed } from '../sim/explore/fastCheckSeed.ts';
import { explore } from '../sim/explore/explorer.ts';
import { parseProperties } from '../sim/explore/properties.ts';

/** Issue 20 item 11: explore's --seed counts in full; fast-check kept only its low 32 bits. */

const base = { profile: 'seed' as const, runs: 300, maxCallers: 3, strategy: 'random' as const, fix: 'off', properties: parseProperties('no-stale-available') };

describe('explore --seed over the full range', () => {
  it('5, 4294967301 and 8589934597 (equal in their low 32 bits) search different paths', () => {
    const paths = [5, 4294967301, 8589934597].map((seed) => explore({ ...base, seed }).finding!.path);
    expect(new Set(paths).size).toBe(3);
  });

  it('a seed below 2^32 is the seed fast-check always got, so recorded findings stay as they were', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => fastCheckSeed(seed) === (seed | 0)));
  });

  it('seeds that differ only above bit 32 never give fast-check the same seed', () => {
    const seedBelow = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    const high = fc.integer({ min: 0, max: 2 ** 21 - 1 });
    fc.assert(fc.property(seedBelow, high, high, (low, a, b) => a === b || fastCheckSeed(a * 2 ** 32 + low) !== fastCheckSeed(b * 2 ** 32 + low)));
    expect(fastCheckSeed(Number.MAX_SAFE_INTEGER)).not.toBe(Number.MAX_SAFE_INTEGER | 0);
  });
});
