import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COST_KEY_TTL_SECONDS } from '../sim/cost/fixCost.ts';
import { startFakeRedis } from './support/fakeRedis.ts';
import { KILL_AFTER_MS, racesim } from './support/hostileOutput.ts';
import { redisBinary, useRedisServer } from './support/redisServer.ts';

/**
 * Issue 20 item 9: `cost --redis` never shows a password, never falls back to database 0, cannot hang on
 * a server whose SCAN never ends, and leaves no key behind: each written with a TTL, and removed on
 * SIGINT/SIGTERM. Every cost run is the built CLI in its own process, killed after 20 s.
 */

const root = new URL('..', import.meta.url).pathname;
const PASSWORD = 'hunter2-SECRET';
const outDir = () => join(mkdtempSync(join(tmpdir(), 'racesim-redis-')), 'cost');

/** `racesim cost` started in the background; `exit` resolves with its code and signal (killed after 20 s). */
function startCost(args: readonly string[]) {
  const child = spawn(process.execPath, [join(root, 'bin/racesim.js'), 'cost', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    }),
  );
  return { child, exit };
}

describe.skipIf(!redisBinary)('cost --redis on a redis-server with a password (skipped: no redis-server on this machine)', () => {
  const server = useRedisServer(PASSWORD);
  const db = (n: number) => `${server().url}/${n}`;

  it('the password is in no report file, no output and no message', async () => {
    const out = outDir();
    const r = await startCost(['--redis', db(5), '--services', '2', '--fix', 'on', '--out', out]).exit;
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'));
    expect(files.join('\n')).toContain('redis://127.0.0.1:'); // the server is still named
    for (const text of [...files, r.stdout, r.stderr]) expect(text).not.toContain(PASSWORD);
    await server().client.select(5);
    await server().client.set('live', '1');
    const refused = await startCost(['--redis', db(5), '--services', '2', '--fix', 'on', '--out', outDir()]).exit;
    await server().client.flushdb();
    await server().client.select(0);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds keys racesim did not write/);
    expect(refused.stderr).not.toContain(PASSWORD);
    const malformed = racesim(['cost', '--redis', `http://:${PASSWORD}@127.0.0.1:1/0`], root);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).not.toContain(PASSWORD);
  }, 30_000);

  it('/99 on a 16-database server is exit 2, and nothing is written anywhere', async () => {
    await server().client.config('RESETSTAT');
    const out = outDir();
    const r = await startCost(['--redis', db(99), '--services', '2', '--fix', 'on', '--out', out]).exit;
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^racesim: --redis: 127\.0\.0\.1:\d+ has no database 99 \(it has 16: 0 to 15\)$/);
    const stats = (await server().client.info('commandstats')) as string;
    expect(stats).not.toMatch(/cmdstat_(set|mset|setex|del|unlink):/);
    expect(() => readdirSync(out)).toThrow();
  }, 30_000);

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} while its keys are in Redis removes them, then exits ${code}`, async () => {
      await server().client.select(3);
      const run = startCost(['--redis', db(3), '--services', '200', '--fix', 'on', '--out', outDir()]);
      while ((await server().client.dbsize()) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      run.child.kill(signal);
      const r = await run.exit;
      expect(r.code, r.stderr).toBe(code);
      expect(await server().client.dbsize()).toBe(0);
      await server().client.select(0);
    }, 30_000);
  }

  it(`a run killed outright (SIGKILL) leaves only keys that expire within ${COST_KEY_TTL_SECONDS} s`, async () => {
    await server().client.select(4);
    const run = startCost(['--redis', db(4), '--services', '200', '--fix', 'on', '--out', outDir()]);
    while ((await server().client.dbsize()) < 50) await new Promise((resolve) => setTimeout(resolve, 10));
    run.child.kill('SIGKILL');
    await run.exit;
    const keys = await server().client.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    const ttls = await Promise.all(keys.map((key) => server().client.ttl(key)));
    expect(ttls.every((ttl) => ttl > 0 && ttl <= COST_KEY_TTL_SECONDS), String(ttls.filter((t) => t <= 0 || t > COST_KEY_TTL_SECONDS))).toBe(true);
    await server().client.flushdb();
    await server().client.select(0);
  }, 30_000);
});

describe('cost --redis against servers a real one cannot play', () => {
  it('a server whose SCAN never ends: exit 2 at --redis-deadline, not a hang', async () => {
    const fake = await startFakeRedis(([name]) => (name === 'SCAN' ? ['1', []] : undefined));
    try {
      const r = await startCost(['--redis', `${fake.url}/0`, '--redis-deadline', '2', '--services', '2', '--fix', 'on', '--out', outDir()]).exit;
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(/^racesim: --redis: 127\.0\.0\.1:\d+: not finished within 2 s \(--redis-deadline\)$/);
    } finally {
      fake.close();
    }
  }, 30_000);

  it('a server with CONFIG disabled that refuses SELECT 99: exit 2, never database 0', async () => {
    const fake = await startFakeRedis(([name, ...args]) => {
      if (name === 'CONFIG') return { error: "ERR unknown command 'CONFIG'" };
      if (name === 'SELECT' && args[0] !== '0') return { error: 'ERR DB index is out of range' };
      if (name === 'SCAN') return ['0', []];
      return undefined;
    });
    try {
      const r = await startCost(['--redis', `${fake.url}/99`, '--services', '2', '--fix', 'on', '--out', outDir()]).exit;
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toMatch(/^racesim: --redis: 127\.0\.0\.1:\d+ has no database 99$/);
    } finally {
      fake.close();
    }
  }, 30_000);

  it('--help says the deadline and the TTL', () => {
    const help = racesim(['cost', '--help'], root).stdout;
    expect(help).toMatch(/--redis-deadline <seconds>[\s\S]*\(default: "600"\)/);
    expect(help).toMatch(/10-minute\s+TTL/);
  });
});
