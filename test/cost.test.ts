import { describe, expect, it } from 'vitest';
import { measureFixCost } from '../sim/cost/fixCost.ts';
import { systemFor } from '../sim/systems/registry.ts';
import { redisBinary, useRedisServer } from './support/redisServer.ts';

describe('the fix\'s own cost', () => {
  it('keys forgotten per booking grow with the services sharing the event type', async () => {
    const result = await measureFixCost(['off', 'on', 'versioned-keys'], 5);
    const keys = (variant: string) => result.variants[variant].map((p) => [p.services, p.keysForgotten]);
    // off: the booking path clears 30 Layer 1 days of its team; the webhook path fails without a team id.
    expect(keys('off')).toEqual([[1, 30], [2, 30], [5, 30]]);
    // on: booking path 30 + 70·S (its team; every service's Layer 2), webhook path 30·S + 70·S (every team).
    expect(keys('on')).toEqual([1, 2, 5].map((s) => [s, 30 + 170 * s]));
    expect(keys('versioned-keys')).toEqual([[1, 0], [2, 0], [5, 0]]);
    expect(result.redis).toBeNull();
  });

  it("counts a cache stack's forgets by its own variants: the seed design's stack forgets what askproai's seed profile does", async () => {
    const stack = systemFor('stack', 'scenarios/stacks/seed-design.yaml');
    const onStack = await measureFixCost(['off', 'on', 'none'], 5, undefined, stack);
    const onApp = await measureFixCost(['off', 'on'], 5);
    expect(onStack.variants.off).toEqual(onApp.variants.off);
    expect(onStack.variants.on).toEqual(onApp.variants.on);
    expect(onStack.variants.none.map((p) => p.keysForgotten)).toEqual([0, 0, 0]);
  });

  describe.skipIf(!redisBinary)('against a real redis-server', () => {
    const server = useRedisServer();

    it('times the forgets one round trip per key and pipelined', async () => {
      const result = await measureFixCost(['on'], 5, { client: server().client, url: server().url, keyPrefix: 'racesim:cost:test:' });
      for (const point of result.variants.on) {
        expect(point.perKeyMs).toBeGreaterThan(0);
        expect(point.pipelinedMs).toBeGreaterThan(0);
      }
      expect(result.redis).toBe(server().url);
      expect(await server().client.dbsize()).toBe(0); // every key it wrote was forgotten again
    });
  });
});
