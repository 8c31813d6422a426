import { describe, expect, it } from 'vitest';
import { settle, type Process } from '../sim/core/simulation.ts';
import { acquireLock, remember, type CacheStore } from '../sim/stores/cacheStore.ts';
import { MemoryStore } from '../sim/stores/memoryStore.ts';
import { RedisMockStore } from '../sim/stores/redisMockStore.ts';
import { RedisStore } from '../sim/stores/redisStore.ts';
import { redisBinary, useRedisServer } from './support/redisServer.ts';

/**
 * The store contract: the same script of Laravel cache operations against a real redis-server and
 * against both simulated stores must give the same results. TTLs are scaled down to seconds; the real
 * server's clock is advanced by sleeping, the simulated stores' by moving their virtual clock.
 */
if (!redisBinary) console.warn('redis-contract: no redis-server binary on this machine; the real-Redis contract is skipped (.ci/run installs it)');

type Advance = (ms: number) => Promise<void>;

async function script(store: CacheStore, advance: Advance): Promise<unknown[]> {
  const run = <T>(p: Process<T>) => settle(p);
  const results: unknown[] = [];
  const record = async <T>(label: string, p: Process<T>) => results.push([label, await run(p)]);
  await record('get missing', store.get('a'));
  await record('put a', store.put('a', { x: 1 }, 2));
  await record('get a', store.get('a'));
  await record('put empty list', store.put('b', [], 2));
  await record('get empty list', store.get('b'));
  await record('put ttl 0 forgets', store.put('b', 'v', 0));
  await record('get after ttl 0', store.get('b'));
  await record('put ttl -1', store.put('c', 'v', -1));
  await record('get after ttl -1', store.get('c'));
  await record('forget live', store.forget('a'));
  await record('forget absent', store.forget('a'));
  await record('remember miss', remember(store, 'd', 2, function* () { return 'computed'; }));
  await record('remember hit', remember(store, 'd', 2, function* () { return 'recomputed'; }));
  await record('remember null not stored', remember(store, 'e', 2, function* () { return null; }));
  await record('get e', store.get('e'));
  await record('lock free', acquireLock(store, 'lock:k', 2, 'A'));
  await record('lock held', acquireLock(store, 'lock:k', 2, 'B'));
  await record('put short', store.put('f', 'short', 1));
  await record('live keys', store.liveKeys());
  await advance(1_300);
  await record('get expired', store.get('f'));
  await record('forget expired', store.forget('f'));
  await record('live after 1 s', store.liveKeys());
  await advance(1_000);
  await record('live after 2 s', store.liveKeys());
  await record('lock free again', acquireLock(store, 'lock:k', 2, 'B'));
  return results;
}

function simulated(make: (now: () => number) => CacheStore): Promise<unknown[]> {
  let now = 1_760_947_200_000;
  const store = make(() => now);
  return script(store, async (ms) => {
    now += ms;
  });
}

describe('cache store contract', () => {
  it('the in-memory store and the ioredis-mock store agree', async () => {
    const memory = await simulated((now) => new MemoryStore(now));
    const mock = await simulated((now) => new RedisMockStore(now));
    expect(mock).toEqual(memory);
    expect(memory).toContainEqual(['get expired', null]);
    expect(memory).toContainEqual(['lock held', false]);
  });

  describe.skipIf(!redisBinary)('against a real redis-server', () => {
    const server = useRedisServer();

    it('gives the same results as the simulated stores', async () => {
      const real = await script(new RedisStore(server().client), (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
      const memory = await simulated((now) => new MemoryStore(now));
      expect(real).toEqual(memory);
    });
  });
});

