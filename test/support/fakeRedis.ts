import { createServer, type Socket } from 'node:net';

/** A reply in RESP: a status, an error, a bulk string, or an array of replies. */
export type Reply = { status: string } | { error: string } | string | readonly Reply[];

const encode = (reply: Reply): string => {
  if (typeof reply === 'string') return `$${Buffer.byteLength(reply)}\r\n${reply}\r\n`;
  if (Array.isArray(reply)) return `*${reply.length}\r\n${reply.map(encode).join('')}`;
  if ('status' in reply) return `+${reply.status}\r\n`;
  return `-${(reply as { error: string }).error}\r\n`;
};

/** The complete commands at the start of `buffer` (RESP arrays of bulk strings), and what is left. */
function parseCommands(buffer: string): { commands: string[][]; rest: string } {
  const commands: string[][] = [];
  let at = 0;
  for (;;) {
    const head = /^\*(\d+)\r\n/.exec(buffer.slice(at));
    if (!head) break;
    let i = at + head[0].length;
    const words: string[] = [];
    for (let n = 0; n < Number(head[1]); n++) {
      const bulk = /^\$(\d+)\r\n/.exec(buffer.slice(i));
      if (!bulk || buffer.length < i + bulk[0].length + Number(bulk[1]) + 2) return { commands, rest: buffer.slice(at) };
      words.push(buffer.slice(i + bulk[0].length, i + bulk[0].length + Number(bulk[1])));
      i += bulk[0].length + Number(bulk[1]) + 2;
    }
    commands.push(words);
    at = i;
  }
  return { commands, rest: buffer.slice(at) };
}

/**
 * A tiny server speaking Redis's protocol, answering each command with `answer` (command name upper-cased);
 * INFO and anything `answer` leaves undefined get a plain answer. For servers a real redis-server cannot
 * play: one whose SCAN never ends, one with CONFIG disabled.
 */
export async function startFakeRedis(answer: (command: string[]) => Reply | undefined): Promise<{ url: string; close(): void }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    let buffer = '';
    socket.on('data', (data) => {
      const { commands, rest } = parseCommands(buffer + data.toString('latin1'));
      buffer = rest;
      for (const [name, ...args] of commands) {
        const command = [name.toUpperCase(), ...args];
        socket.write(encode(answer(command) ?? (command[0] === 'INFO' ? '# Server\r\nredis_version:7.0.0\r\nloading:0\r\n' : { status: 'OK' })));
      }
    });
    socket.on('error', () => {});
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  return {
    url: `redis://127.0.0.1:${port}`,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
