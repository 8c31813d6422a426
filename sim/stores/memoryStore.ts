import type { Process } from '../core/simulation.ts';
import type { CacheStore, CacheValue } from './cacheStore.ts';

interface Entry {
  value: CacheValue;
  /** Virtual ms at which the entry stops being visible (expired when now ≥ expiresAt, like ioredis-mock). */
  expiresAt: number;
}

/** The fast store for the hot loop: a Map with the virtual clock injected. Expiry is lazy, as in Redis. */
export class MemoryStore implements CacheStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  *get(key: string): Process<CacheValue | null> {
    return this.live(key)?.value ?? null;
  }

  *put(key: string, value: CacheValue, ttlSeconds: number): Process<void> {
    if (ttlSeconds <= 0) {
      this.entries.delete(key);
      return;
    }
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  *forget(key: string): Process<boolean> {
    const existed = this.live(key) !== undefined;
    this.entries.delete(key);
    return existed;
  }

  *liveKeys(): Process<string[]> {
    return [...this.entries.keys()].filter((k) => this.live(k) !== undefined).sort();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
