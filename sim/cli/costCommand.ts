import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import { COST_KEY_NAMESPACE, foreignKey, measureFixCost, removeOwnKeys, type CostRedis } from '../cost/fixCost.ts';
import { clip, InputError, quote } from '../inputError.ts';
import { limits } from '../limits.ts';
import { writeCostReport } from '../reports/costReport.ts';
import { parseInteger, parseOutputPath, parseSystemVariantList, parseVariantList, stackOption, systemOfFlags, systemOption } from './options.ts';
import { defaultSystem } from '../systems/registry.ts';
import type { SystemPlugin } from '../systems/systemPlugin.ts';
import { renderTable } from './table.ts';

interface CostFlags {
  readonly services: string;
  readonly fix?: string;
  readonly system?: string;
  readonly stack?: string;
  readonly redis?: string;
  readonly out: string;
  readonly json?: boolean;
  readonly iKnowThisIsNotProduction?: boolean;
}

/** Registers `cost`: keys forgotten per booking as services grow, and the time those forgets take on a real Redis. */
export function registerCostCommand(program: Command): void {
  program
    .command('cost')
    .description('What the invalidation costs per booking as more services share an event type; with --redis, timed against a real Redis.')
    .option('--services <n>', 'largest number of services sharing the event type (1 … n)', '200')
    .option('--fix <variants>', `variants (default: ${ASKPROAI_VARIANTS}; with --stack, every variant of the stack file)`)
    .addOption(systemOption('askproai'))
    .addOption(stackOption())
    .option('--redis <url>', `time the forgets against this Redis, e.g. redis://127.0.0.1:6379 (keys only under ${COST_KEY_NAMESPACE}<random>:; an empty database)`)
    .option('--i-know-this-is-not-production', 'with --redis: run even though the database holds keys racesim did not write')
    .option('--out <dir>', 'report folder', 'reports/cost')
    .option('--json', 'print JSON')
    .action(async (flags: CostFlags) => {
      const maxServices = parseInteger(flags.services, '--services', 1, 10_000);
      const system = costedSystem(flags);
      const variants = system ? parseSystemVariantList(flags.fix ?? system.variants.map((v) => v.name).join(','), system) : parseVariantList(flags.fix ?? ASKPROAI_VARIANTS);
      const out = parseOutputPath(flags.out, '--out')!;
      const redis = flags.redis === undefined ? undefined : await connectRedis(flags.redis, flags.iKnowThisIsNotProduction === true);
      try {
        const measuring = measureFixCost(variants, maxServices, redis, system);
        const result = await (redis ? measuring.catch((error) => redisFailure(error, flags.redis)) : measuring);
        const command = `racesim cost --services ${maxServices} --fix ${variants.join(',')}${system ? ` --system ${system.name} --stack ${flags.stack}` : ''}${flags.redis ? ` --redis ${flags.redis}` : ''}`;
        const files = await writeCostReport(out, result, command);
        if (flags.json) return console.log(JSON.stringify(result, null, 2));
        const counts = result.variants[variants[0]].map((p) => p.services);
        const cell = (v: string, i: number) => {
          const p = result.variants[v][i];
          return flags.redis ? `${p.keysForgotten} (${p.perKeyMs}/${p.pipelinedMs} ms)` : String(p.keysForgotten);
        };
        console.log(`keys forgotten per booking${flags.redis ? ' (ms one DEL per key / one UNLINK)' : ''}\n`);
        console.log(renderTable(['services', ...variants], counts.map((n, i) => [String(n), ...variants.map((v) => cell(v, i))])));
        console.log(`\nreport: ${files.find((f) => f.endsWith('cost.html'))}`);
      } finally {
        if (redis) await removeOwnKeys(redis).catch(() => {}); // best effort: the Redis may be the thing that failed
        redis?.client.disconnect();
      }
    });
}

const ASKPROAI_VARIANTS = 'off,on,async-smart-clear,versioned-keys,leases';

/** The system costed when it is not askproai (--system/--stack). */
function costedSystem(flags: CostFlags): SystemPlugin | undefined {
  const system = systemOfFlags(flags);
  return system === defaultSystem ? undefined : system;
}

/**
 * Connects to the Redis at `url` with every wait bounded (connect and each command: limits.redisTimeoutMs),
 * and refuses a database holding keys racesim did not write unless the user says it is not production.
 */
async function connectRedis(url: string, notProduction: boolean): Promise<CostRedis> {
  const { host, port } = parseRedisUrl(url);
  const { Redis } = await import('ioredis'); // loaded only when timing against a real Redis
  const timeout = limits.redisTimeoutMs;
  const client: Redis = new Redis(url, { lazyConnect: true, connectTimeout: timeout, commandTimeout: timeout, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let socketError: Error | undefined;
  client.on('error', (error) => (socketError = error)); // reported below as one line (ioredis would print "Unhandled error event")
  try {
    await withTimeout(client.connect(), timeout, `no answer within ${timeout / 1000} s`);
    const foreign = await foreignKey(client);
    if (foreign !== undefined && !notProduction) {
      throw new InputError(
        `--redis: ${clip(url)} holds keys racesim did not write (e.g. ${quote(foreign)}); it may be a live cache. Point --redis at an empty database, or add --i-know-this-is-not-production`,
      );
    }
  } catch (error) {
    client.disconnect();
    redisFailure(socketError ?? error, `${host}:${port}`);
  }
  return { client, url, keyPrefix: `${COST_KEY_NAMESPACE}${randomBytes(6).toString('hex')}:` };
}

function parseRedisUrl(url: string): { host: string; port: number } {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const port = parsed?.port ? Number(parsed.port) : 6379;
  if (!parsed || !/^rediss?:$/.test(parsed.protocol) || !parsed.hostname || !(port >= 1 && port <= 65535)) {
    throw new InputError(`--redis: expected a URL such as redis://127.0.0.1:6379, got ${quote(url)}`);
  }
  return { host: parsed.hostname, port };
}

/** Any failure talking to Redis, as bad input with one line: the cause's code (ECONNREFUSED…) or message. */
function redisFailure(error: unknown, where: string | undefined): never {
  if (error instanceof InputError) throw error;
  const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  throw new InputError(`--redis: ${clip(where ?? '')}: ${clip(String(cause))}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms); // wall-clock-ok: a deadline on a real server, outside the simulation
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
