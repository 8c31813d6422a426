import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { redisBinary, useRedisServer } from './support/redisServer.ts';

/** Issue 13, items 4, 7 and 9: `cost --redis` touches only its own keys and fails in one line, never hangs. */

const cost = (url: string, ...extra: string[]) => runCli(['cost', '--redis', url, '--services', '2', '--fix', 'on', '--out', join(mkdtempSync(join(tmpdir(), 'racesim-cost-')), 'cost'), ...extra]);

function expectOneLine(r: { code: number; stderr: string }, message: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/Unhandled error event|\n\s+at /);
}

describe('cost --redis fails in one line', () => {
  it('an unreachable Redis names ECONNREFUSED', async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)));
    await new Promise((resolve) => probe.close(resolve));
    expectOneLine(await cost(`redis://127.0.0.1:${port}`), /^racesim: --redis: 127\.0\.0\.1:\d+: ECONNREFUSED$/);
  });

  it('a server that accepts but never answers times out after 5 s', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    const port = await new Promise<number>((resolve) => silent.listen(0, '127.0.0.1', () => resolve((silent.address() as { port: number }).port)));
    try {
      expectOneLine(await cost(`redis://127.0.0.1:${port}`), /no answer within 5 s/);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 15_000);
});

describe.skipIf(!redisBinary)('cost --redis on a real redis-server', () => {
  const server = useRedisServer();

  it('refuses a database holding keys it did not write, and leaves them alone', async () => {
    const live = 'calcom:slots:1:123:2025-10-20:2025-10-20';
    await server().client.set(live, '[live]');
    expectOneLine(await cost(server().url), /holds keys racesim did not write \(e\.g\. "calcom:slots:1:123:2025-10-20:2025-10-20"\).*--i-know-this-is-not-production/);
    expect(await server().client.get(live)).toBe('[live]');
  });

  it('with --i-know-this-is-not-production it times the forgets in its own prefix and deletes only what it wrote', async () => {
    const live = 'calcom:slots:1:123:2025-10-20:2025-10-20';
    await server().client.set(live, '[live]');
    const r = await cost(server().url, '--i-know-this-is-not-production', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).variants.on[0].perKeyMs).toBeGreaterThan(0);
    expect(await server().client.keys('*')).toEqual([live]);
    expect(await server().client.get(live)).toBe('[live]');
  });
});
