import type { Process } from '../core/simulation.ts';
import type { CacheStore, CacheValue, ImmediateCacheOps } from './cacheStore.ts';

interface Entry {
  value: CacheValue;
  /** Virtual ms at which the entry stops being visible (expired when now ≥ expiresAt, like ioredis-mock). */
  expiresAt: number;
}

/** The fast store for the hot loop: a Map with the virtual clock injected. Expiry is lazy, as in Redis. */
export class MemoryStore implements CacheStore, ImmediateCacheOps {
  readonly kind = 'memory' as const;
  readonly immediate: ImmediateCacheOps = this;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  *get(key: string): Process<CacheValue | null> {
    return this.getNow(key);
  }

  *put(key: string, value: CacheValue, ttlSeconds: number): Process<void> {
    this.putNow(key, value, ttlSeconds);
  }

  *forget(key: string): Process<boolean> {
    return this.forgetNow(key);
  }

  getNow(key: string): CacheValue | null {
    return this.live(key)?.value ?? null;
  }

  putNow(key: string, value: CacheValue, ttlSeconds: number): void {
    if (ttlSeconds <= 0) {
      this.entries.delete(key);
      return;
    }
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  keysWorthForgetting(keys: ReadonlySet<string>): string[] {
    const held: string[] = [];
    if (keys.size <= this.entries.size) {
      for (const key of keys) if (this.entries.has(key)) held.push(key);
    } else {
      for (const key of this.entries.keys()) if (keys.has(key)) held.push(key);
    }
    return held;
  }

  forgetNow(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false; // most keys a clear names were never filled
    this.entries.delete(key);
    return entry.expiresAt > this.now();
  }

  *liveKeys(): Process<string[]> {
    return this.liveKeysNow();
  }

  liveKeysNow(): string[] {
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
