import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { Redis } from 'ioredis';
import { COST_KEY_NAMESPACE, COST_KEY_TTL_SECONDS, foreignKey, measureFixCost, removeOwnKeys, type CostRedis } from '../cost/fixCost.ts';
import { withoutUserinfo } from '../escape/secrets.ts';
import { shellCommand } from '../escape/shell.ts';
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
  /** Seconds the whole `--redis` measurement may take. */
  readonly redisDeadline: string;
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
    .option(
      '--redis <url>',
      `time the forgets against this Redis, e.g. redis://127.0.0.1:6379/0 (an empty database; keys only under ${COST_KEY_NAMESPACE}<random>:, each with a ${COST_KEY_TTL_SECONDS / 60}-minute TTL, removed again on exit, Ctrl-C or SIGTERM; the password is never shown)`,
    )
    .option('--redis-deadline <seconds>', 'with --redis: give up (exit 2) when the whole measurement has not finished after this many seconds', String(DEFAULT_DEADLINE_SECONDS))
    .option('--i-know-this-is-not-production', 'with --redis: run even though the database holds keys racesim did not write')
    .option('--out <dir>', 'report folder', 'reports/cost')
    .option('--json', 'print JSON')
    .action(async (flags: CostFlags) => {
      const maxServices = parseInteger(flags.services, '--services', 1, 10_000);
      const system = costedSystem(flags);
      const variants = system ? parseSystemVariantList(flags.fix ?? system.variants.map((v) => v.name).join(','), system) : parseVariantList(flags.fix ?? ASKPROAI_VARIANTS);
      const out = parseOutputPath(flags.out, '--out')!;
      const deadlineSeconds = parseInteger(flags.redisDeadline, '--redis-deadline', 1, 86_400);
      const result = flags.redis === undefined ? await measureFixCost(variants, maxServices, undefined, system) : await timedOnRedis(flags.redis, deadlineSeconds, flags, (redis) => measureFixCost(variants, maxServices, redis, system));
      const command = shellCommand([
        ...['racesim', 'cost', '--services', String(maxServices), '--fix', variants.join(',')],
        ...(system ? ['--system', system.name, '--stack', flags.stack] : []),
        ...(result.redis ? ['--redis', result.redis] : []),
      ]);
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
    });
}

/** How long a whole `cost --redis` may take by default: a full default run takes about a minute on a local Redis. */
const DEFAULT_DEADLINE_SECONDS = 600;

/**
 * Runs `measure` against the Redis at `url`, bounded as a whole by the deadline, and leaves none of its
 * keys behind: they are removed when it ends, fails, times out, or is stopped by SIGINT/SIGTERM (then
 * racesim exits 130/143, as a shell reports those signals).
 */
async function timedOnRedis<T>(url: string, deadlineSeconds: number, flags: CostFlags, measure: (redis: CostRedis) => Promise<T>): Promise<T> {
  const target = parseRedisUrl(url);
  const { Redis } = await import('ioredis'); // loaded only when timing against a real Redis
  const timeout = limits.redisTimeoutMs;
  const client: Redis = new Redis(url, { lazyConnect: true, connectTimeout: timeout, commandTimeout: timeout, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let socketError: Error | undefined;
  client.on('error', (error) => (socketError = error)); // reported below as one line (ioredis would print "Unhandled error event")
  const redis: CostRedis = { client, url: target.shown, keyPrefix: `${COST_KEY_NAMESPACE}${randomBytes(6).toString('hex')}:`, written: new Set() };
  const cleanUp = async () => {
    await withTimeout(removeOwnKeys(redis), timeout, 'cleanup').catch(() => {}); // best effort: the Redis may be the thing that failed; the TTL is the backstop
    client.disconnect();
  };
  const stopOnSignal = removeKeysOnSignal(cleanUp);
  try {
    const measuring = (async () => {
      await withTimeout(client.connect(), timeout, `no answer within ${timeout / 1000} s`);
      await checkDatabase(client, target);
      await refuseForeignKeys(client, target.where, flags.iKnowThisIsNotProduction === true);
      return measure(redis);
    })();
    return await withTimeout(measuring, deadlineSeconds * 1000, `not finished within ${deadlineSeconds} s (--redis-deadline)`);
  } catch (error) {
    redisFailure(error instanceof InputError ? error : (socketError ?? error), target.where);
  } finally {
    stopOnSignal();
    await cleanUp();
  }
}

/** While the keys are live: SIGINT or SIGTERM removes them, then exits 130 or 143. Returns what uninstalls it. */
function removeKeysOnSignal(cleanUp: () => Promise<void>): () => void {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = () => void cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    process.once(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((off) => off());
}

/**
 * The database the URL names must exist: Redis refuses SELECT of one it does not have, and ioredis
 * would then go on in database 0.
 */
async function checkDatabase(client: Redis, target: RedisTarget): Promise<void> {
  const count = await databaseCount(client);
  const tooHigh = () => new InputError(`--redis: ${target.where} has no database ${target.db}${count === undefined ? '' : ` (it has ${count}: 0 to ${count - 1})`}`);
  if (count !== undefined && target.db >= count) throw tooHigh();
  try {
    await client.select(target.db);
  } catch (error) {
    if (/DB index is out of range|invalid DB index/i.test(String((error as Error).message))) throw tooHigh();
    throw error;
  }
}

/** The server's number of databases (CONFIG GET databases), or undefined when it does not say (CONFIG disabled). */
async function databaseCount(client: Redis): Promise<number | undefined> {
  try {
    const [, value] = (await client.config('GET', 'databases')) as string[];
    const count = Number(value);
    return Number.isInteger(count) && count > 0 ? count : undefined;
  } catch {
    return undefined;
  }
}

/** Refuses a database holding keys racesim did not write unless the user says it is not production. */
async function refuseForeignKeys(client: Redis, where: string, notProduction: boolean): Promise<void> {
  const foreign = await foreignKey(client);
  if (foreign !== undefined && !notProduction) {
    throw new InputError(
      `--redis: ${where} holds keys racesim did not write (e.g. ${quote(foreign)}); it may be a live cache. Point --redis at an empty database, or add --i-know-this-is-not-production`,
    );
  }
}

const ASKPROAI_VARIANTS = 'off,on,async-smart-clear,versioned-keys,leases';

/** The system costed when it is not askproai (--system/--stack). */
function costedSystem(flags: CostFlags): SystemPlugin | undefined {
  const system = systemOfFlags(flags);
  return system === defaultSystem ? undefined : system;
}

interface RedisTarget {
  /** `host:port`, for messages. */
  readonly where: string;
  readonly db: number;
  /** The URL without its userinfo, for reports. */
  readonly shown: string;
}

function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const port = parsed?.port ? Number(parsed.port) : 6379;
  if (!parsed || !/^rediss?:$/.test(parsed.protocol) || !parsed.hostname || !(port >= 1 && port <= 65535)) {
    throw new InputError(`--redis: expected a URL such as redis://127.0.0.1:6379, got ${quote(withoutUserinfo(url))}`);
  }
  const db = /^\/?$/.test(parsed.pathname) ? 0 : /^\/\d{1,5}$/.test(parsed.pathname) ? Number(parsed.pathname.slice(1)) : NaN;
  if (Number.isNaN(db)) throw new InputError(`--redis: expected a database number after the host (redis://host:port/0), got ${quote(parsed.pathname)}`);
  return { where: `${parsed.hostname}:${port}`, db, shown: withoutUserinfo(url) };
}

/** Any failure talking to Redis, as bad input with one line: the cause's code (ECONNREFUSED…) or message. */
function redisFailure(error: unknown, where: string): never {
  if (error instanceof InputError) throw error;
  const cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  throw new InputError(`--redis: ${clip(where)}: ${clip(String(cause))}`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms); // wall-clock-ok: a deadline on a real server, outside the simulation
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
