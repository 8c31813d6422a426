import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { runScenario } from '../scenario/runScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { VariantName } from '../systems/registry.ts';
import type { SystemPlugin } from '../systems/systemPlugin.ts';
import { defaultWorld, type Service } from '../worldConfig.ts';

/** What one booking costs a variant's invalidation, with S services sharing the booked event type. */
export interface CostPoint {
  readonly services: number;
  /** Cache::forget calls for one booking: the booking path and the webhook path together. */
  readonly keysForgotten: number;
  /** Against a real Redis: ms for the forgets done as the PHP code does them, one round trip per key (median). */
  readonly perKeyMs?: number;
  /** The same keys UNLINKed in one pipelined round trip (median). */
  readonly pipelinedMs?: number;
}

export interface CostResult {
  readonly variants: Readonly<Record<string, readonly CostPoint[]>>;
  /** Where the timings were taken, or null when no Redis was given. */
  readonly redis: string | null;
}

export const SERVICE_COUNTS = [1, 2, 5, 10, 20, 50, 100, 200];
const REPEATS = 5;
/** Keys per command inside the pipeline (argument lists stay small; still one round trip). */
const CHUNK = 1000;

/** One booking in a world of `count` tenants sharing event type 123: the seed's test case 1 at scale. */
function oneBooking(count: number): Scenario {
  const services: Service[] = Array.from({ length: count }, (_, i) => ({ company: i + 1, branch: 0, team: i + 1, eventType: 123 }));
  const startMs = Date.UTC(2025, 9, 20, 8, 0, 0);
  return {
    name: `cost-${count}-services`,
    file: '<cost>',
    timezone: 'Europe/Berlin',
    startMs,
    world: { ...defaultWorld, services },
    steps: [{ index: 0, atMs: startMs, caller: 'A', action: 'create_booking', slot: { year: 2025, month: 10, day: 20, hour: 13, minute: 0, second: 0, ms: 0 }, service: 0 }],
    expect: {},
  };
}

/** The keys the run forgot, in order, from its history. */
function forgottenKeys(count: number, variant: string, system: SystemPlugin | undefined): string[] {
  const { events } = runScenario(oneBooking(count), { fix: variant, seed: 1, system });
  return events.flatMap((event) => (event.kind === 'cache.forget' ? [event.key] : []));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Where the timings run: a Redis client and the key prefix racesim owns there. Every key written and
 * deleted carries the prefix, so a Redis shared with anything else loses nothing of its own.
 */
export interface CostRedis {
  readonly client: Redis;
  /** The server as reports show it: the URL without its userinfo (never a password). */
  readonly url: string;
  /** `racesim:cost:<random>:`, fresh per run. */
  readonly keyPrefix: string;
  /** Every key this run has written or is writing, until it is forgotten: what an interrupted run removes. */
  readonly written?: Set<string>;
}

/**
 * Seconds every key a cost run writes lives at most: a run killed outright (SIGKILL, a crash, a lost
 * connection) leaves nothing behind for longer. A key lives from its fill to its forget, milliseconds.
 */
export const COST_KEY_TTL_SECONDS = 600;

/** The prefix every cost run's own prefix starts with. */
export const COST_KEY_NAMESPACE = 'racesim:cost:';

/** The first key of the database outside racesim's cost namespace, or undefined when there is none. */
export async function foreignKey(redis: Redis): Promise<string | undefined> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    const foreign = keys.find((key) => !key.startsWith(COST_KEY_NAMESPACE));
    if (foreign !== undefined) return foreign;
    cursor = next;
  } while (cursor !== '0');
  return undefined;
}

/** Removes the keys this run wrote and has not forgotten (a run stopped between fill and forget); nothing else. */
export async function removeOwnKeys(redis: CostRedis): Promise<void> {
  const keys = [...(redis.written ?? [])];
  if (keys.length === 0) return;
  const pipeline = redis.client.pipeline();
  for (let i = 0; i < keys.length; i += CHUNK) pipeline.unlink(...keys.slice(i, i + CHUNK));
  await pipeline.exec();
  redis.written?.clear();
}

/** Times forgetting `keys` on a real Redis, both ways. Wall-clock timing is the point here: it measures Redis, not the simulation. */
async function timeForgets({ client: redis, written }: CostRedis, keys: readonly string[]): Promise<{ perKeyMs: number; pipelinedMs: number }> {
  const perKey: number[] = [];
  const pipelined: number[] = [];
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += CHUNK) chunks.push(keys.slice(i, i + CHUNK));
  for (const key of keys) written?.add(key); // before the fill: an interrupt during it still removes them
  // Each key with its TTL in one command (as Laravel's SETEX), so no key is ever without one.
  const fill = async () => {
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.set(key, '[]', 'EX', COST_KEY_TTL_SECONDS);
    await pipeline.exec();
  };
  for (let r = 0; r < REPEATS; r++) {
    await fill();
    let started = performance.now(); // wall-clock-ok: measuring real Redis round trips
    for (const key of keys) await redis.del(key);
    perKey.push(performance.now() - started); // wall-clock-ok: as above
    await fill();
    started = performance.now(); // wall-clock-ok: as above
    const pipeline = redis.pipeline();
    for (const chunk of chunks) pipeline.unlink(...chunk);
    await pipeline.exec();
    pipelined.push(performance.now() - started); // wall-clock-ok: as above
  }
  for (const key of keys) written?.delete(key);
  return { perKeyMs: round(median(perKey)), pipelinedMs: round(median(pipelined)) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Keys forgotten per booking for each variant and service count (timed when `redis` is given), on askproai or `system`. */
export async function measureFixCost(
  variants: readonly (VariantName | (string & {}))[],
  maxServices: number,
  redis?: CostRedis,
  system?: SystemPlugin,
): Promise<CostResult> {
  const counts = SERVICE_COUNTS.filter((n) => n <= maxServices);
  const result: Record<string, CostPoint[]> = Object.create(null); // keyed by variant names: `__proto__` and `constructor` are names too
  for (const variant of variants) {
    result[variant] = [];
    for (const services of counts) {
      const keys = forgottenKeys(services, variant, system);
      const timing = redis && keys.length ? await timeForgets(redis, keys.map((key) => redis.keyPrefix + key)) : redis ? { perKeyMs: 0, pipelinedMs: 0 } : {};
      result[variant].push({ services, keysForgotten: keys.length, ...timing });
    }
  }
  return { variants: result, redis: redis?.url ?? null };
}
