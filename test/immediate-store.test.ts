import { describe, expect, it } from 'vitest';
import { settle, type Process } from '../sim/core/simulation.ts';
import { acquireLock, forgetAll, keySetOf, remember, type CacheStore } from '../sim/stores/cacheStore.ts';
import { rememberCoalesced } from '../sim/stores/coalescedRemember.ts';
import { MemoryStore } from '../sim/stores/memoryStore.ts';
import { ObservedStore, type StoreObserver } from '../sim/stores/observedStore.ts';
import { RedisMockStore } from '../sim/stores/redisMockStore.ts';

/**
 * A store's `immediate` operations must do exactly what its processes do: the hot paths (remember, the
 * lock, a clear's forgets) take them when present, and the results and what observers see must not
 * depend on which path ran.
 */
const START = 1_760_947_200_000;

/** The same store with its immediate face hidden: every operation goes through the processes. */
function processesOnly(store: CacheStore): CacheStore {
  return { kind: store.kind, get: (k) => store.get(k), put: (k, v, t) => store.put(k, v, t), forget: (k) => store.forget(k), liveKeys: () => store.liveKeys() };
}

function recordingObserver(log: unknown[]): StoreObserver {
  return {
    get: (key, hit) => log.push(['get', key, hit]),
    put: (key, value, ttl) => log.push(['put', key, value, ttl]),
    forget: (key, existed) => log.push(['forget', key, existed]),
  };
}

/** A script over `remember`, the lock and coalescing, with the clock moving: results and observed operations. */
async function script(wrap: (store: CacheStore) => CacheStore): Promise<{ results: unknown[]; observed: unknown[] }> {
  let now = START;
  const observed: unknown[] = [];
  const store = wrap(new ObservedStore(new MemoryStore(() => now), [recordingObserver(observed)]));
  const results: unknown[] = [];
  const run = async <T>(p: Process<T>) => results.push(await settle(p));
  const computed = <T>(value: T | null) => (): Process<T | null> => (function* () { return value; })();
  await run(remember(store, 'a', 2, computed({ x: 1 })));
  await run(remember(store, 'a', 2, computed({ x: 2 })));
  await run(remember(store, 'n', 2, computed(null)));
  await run(remember<string[]>(store, 'e', (v) => (v.length ? 60 : 1), computed<string[]>([])));
  await run(remember(store, 'm', 2, computed('refused'), () => (function* () { return false; })()));
  await run(acquireLock(store, 'lock:k', 1, 'A'));
  await run(acquireLock(store, 'lock:k', 1, 'B'));
  await run(rememberCoalesced(store, 'c', 2, computed('coalesced')));
  now += 1_500;
  await run(remember(store, 'e', 2, computed(['refilled'])));
  await run(acquireLock(store, 'lock:k', 1, 'B'));
  await run(store.liveKeys());
  return { results, observed };
}

describe('immediate store operations', () => {
  it('the memory store answers at once with what its processes answer', async () => {
    let now = START;
    const viaProcess = new MemoryStore(() => now);
    const atOnce = new MemoryStore(() => now);
    const results: [unknown, unknown][] = [];
    const both = async <T>(process: (s: MemoryStore) => Process<T>, immediate: (s: MemoryStore) => T) => results.push([await settle(process(viaProcess)), immediate(atOnce)]);
    await both((s) => s.get('a'), (s) => s.getNow('a'));
    await both((s) => s.put('a', { x: 1 }, 2), (s) => s.putNow('a', { x: 1 }, 2));
    await both((s) => s.put('b', 'v', 1), (s) => s.putNow('b', 'v', 1));
    await both((s) => s.put('z', 'v', 0), (s) => s.putNow('z', 'v', 0));
    await both((s) => s.get('a'), (s) => s.getNow('a'));
    await both((s) => s.forget('a'), (s) => s.forgetNow('a'));
    await both((s) => s.forget('a'), (s) => s.forgetNow('a'));
    now += 1_000;
    await both((s) => s.forget('b'), (s) => s.forgetNow('b'));
    for (const [process, immediate] of results) expect(immediate).toEqual(process);
    expect(results.map(([p]) => p)).toEqual([null, undefined, undefined, undefined, { x: 1 }, true, false, false]);
  });

  it('remember, the lock and coalescing give the same results and observed operations on either path', async () => {
    const immediate = await script((store) => store);
    const processes = await script(processesOnly);
    expect(immediate).toEqual(processes);
    expect(immediate.results.at(-1)).toEqual(['a', 'c', 'e', 'lock:k']);
    expect(immediate.observed).toContainEqual(['put', 'e', [], 1]);
  });

  it('an observed store answers at once only over a store that does', () => {
    const observers = [recordingObserver([])];
    expect(new ObservedStore(new MemoryStore(() => START), observers).immediate).toBeDefined();
    expect(new ObservedStore(new RedisMockStore(() => START), observers).immediate).toBeUndefined();
  });

  it('forgetAll leaves the store as forgetNow on each key would; observers that skip absent keys hear of the held ones only', () => {
    // More keys than the store holds, and fewer: the store visits whichever side is smaller.
    for (const list of [['a', 'b', 'x', ...Array.from({ length: 36 }, (_, i) => `absent-${i}`)], ['x', 'b', 'a']]) {
      const stores = [0, 1, 2].map(() => {
        let now = START;
        const store = new MemoryStore(() => now);
        for (const [key, ttl] of [['a', 1], ['b', 60], ['c', 60], ['d', 60]] as const) store.putNow(key, key, ttl);
        now += 2_000; // 'a' has expired but is still held
        return store;
      });
      const keys = keySetOf(list);
      const heard: unknown[][] = [[], [], []];
      const [perKey, everyKey, heldOnly] = stores.map((store, i) => new ObservedStore(store, [{ ...recordingObserver(heard[i]), ignoresAbsentForgets: i === 2 }]));
      for (const key of keys) perKey.forgetNow(key);
      forgetAll(everyKey, keys);
      forgetAll(heldOnly, keys);
      for (const store of stores) expect([store.getNow('a'), store.getNow('b'), store.getNow('c'), store.getNow('d')]).toEqual([null, null, 'c', 'd']);
      expect(heard[1]).toEqual(heard[0]);
      expect(heard[1]).toHaveLength(keys.size);
      const held = (entry: unknown) => ['a', 'b'].includes((entry as unknown[])[1] as string);
      expect([...heard[2]].sort()).toEqual(heard[0].filter(held).sort());
      expect(heard[2]).toHaveLength(2);
      expect(heard[2]).toContainEqual(['forget', 'a', false]);
    }
  });

  it('keySetOf builds one set per list', () => {
    const list = ['k1', 'k2'];
    expect(keySetOf(list)).toBe(keySetOf(list));
    expect([...keySetOf(list)]).toEqual(list);
  });
});
