import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

/** Where the tests find Debian's redis-server, or '' when this machine has none (the tests then skip and say so). */
export const redisBinary = spawnSync('sh', ['-c', 'command -v redis-server']).stdout.toString().trim();

export interface RedisServer {
  readonly url: string;
  readonly client: Redis;
  stop(): Promise<void>;
}

/** Starts a throwaway redis-server on a free loopback port, with persistence off (and `password` required, when given). */
export async function startRedisServer(password?: string): Promise<RedisServer> {
  const port = await freePort();
  const auth = password === undefined ? [] : ['--requirepass', password];
  const server: ChildProcess = spawn(redisBinary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...auth], { stdio: 'ignore' });
  await listening(port);
  const client = new Redis({ host: '127.0.0.1', port, password, lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  await client.flushall();
  return {
    url: `redis://${password === undefined ? '' : `:${password}@`}127.0.0.1:${port}`,
    client,
    async stop() {
      client.disconnect();
      server.kill();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port (redis-server takes a moment to start). */
async function listening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not start listening on port ${port}`);
}

/**
 * A redis-server for the tests of the enclosing `describe`: started before them, stopped after. Call it
 * inside a `describe.skipIf(!redisBinary)`; read the server through the returned function in the tests.
 */
export function useRedisServer(password?: string): () => RedisServer {
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedisServer(password);
  });
  afterAll(async () => redis?.stop());
  return () => redis!;
}
