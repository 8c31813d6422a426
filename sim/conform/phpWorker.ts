import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { racesimFile } from '../racesimRoot.ts';

/** The PHP driver racesim ships, read from its sources wherever the CLI runs from (sim/, dist/sim/ or the bundle). */
const driverPath = () => racesimFile('sim/conform/php/driver.php');

/** Debian's Laravel, which the driver loads the framework from (RACESIM_ILLUMINATE_AUTOLOAD overrides it). */
const illuminateAutoload = () => process.env.RACESIM_ILLUMINATE_AUTOLOAD ?? '/usr/share/php/Illuminate/autoload.php';

const INSTALL = 'apt-get install php-cli php-laravel-framework php-nesbot-carbon php-guzzlehttp-guzzle php-sqlite3';

/** Null when PHP and Debian's Laravel are there; else what is missing and how to install it (one line). */
export function phpMissing(): string | null {
  const php = spawnSync('php', ['-r', 'echo PHP_VERSION;'], { encoding: 'utf8' });
  if (php.error || php.status !== 0) return `conform: no php on PATH; install it: ${INSTALL}`;
  if (!/^8\.[2-9]|^9/.test(php.stdout)) return `conform: php ${php.stdout} is too old (8.2 or later needed); install: ${INSTALL}`;
  if (!existsSync(illuminateAutoload())) return `conform: no Laravel framework at ${illuminateAutoload()}; install it: ${INSTALL}`;
  return null;
}

/** A line the worker sends: a question while a call runs, or the call's end. */
export type WorkerLine =
  | { readonly ask: Ask }
  | { readonly done: Readonly<Record<string, unknown>> }
  | { readonly failed: { readonly class: string; readonly message: string; readonly status: number | null } };

export type Ask =
  | { readonly op: 'cache.get' | 'cache.forget'; readonly key: string }
  | { readonly op: 'cache.put' | 'cache.add'; readonly key: string; readonly value: string; readonly ttl: number }
  | { readonly op: 'http'; readonly method: string; readonly url: string; readonly body: string }
  | { readonly op: 'sleep'; readonly ms: number };

/**
 * One PHP worker: `php driver.php APP TZ`, spoken to in JSON lines. Only one question is ever in flight
 * (the worker blocks on each), so lines are matched to their questions by order alone.
 */
export class PhpWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered = '';
  private readonly lines: string[] = [];
  private waiting: { resolve: (line: WorkerLine) => void; reject: (error: Error) => void } | null = null;
  private stderr = '';
  private exited: string | null = null;

  /** `config` is the app configuration the world decides (business hours), merged over the driver's. */
  constructor(appDir: string, appTimezone: string, readonly name: string, config: object = {}) {
    this.child = spawn('php', [driverPath(), appDir, appTimezone, JSON.stringify(config)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.take(chunk));
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (this.stderr = (this.stderr + chunk).slice(-4000)));
    this.child.on('exit', (code) => this.fail(`the PHP worker for ${name} exited (${code}): ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`));
    this.child.on('error', (error) => this.fail(`the PHP worker for ${name} could not start: ${error.message}`));
  }

  send(message: object): void {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** The worker's next line. */
  next(): Promise<WorkerLine> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(parseLine(line, this.name));
    if (this.exited) return Promise.reject(new Error(this.exited));
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  close(): void {
    this.child.stdin.end();
  }

  private take(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\n')) >= 0) {
      this.lines.push(this.buffered.slice(0, end));
      this.buffered = this.buffered.slice(end + 1);
    }
    const waiting = this.waiting;
    const line = this.lines.shift();
    if (waiting && line !== undefined) {
      this.waiting = null;
      try {
        waiting.resolve(parseLine(line, this.name));
      } catch (error) {
        waiting.reject(error as Error);
      }
    } else if (line !== undefined) this.lines.unshift(line);
  }

  private fail(message: string): void {
    this.exited ??= message;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(new Error(message));
  }
}

function parseLine(line: string, name: string): WorkerLine {
  try {
    return JSON.parse(line) as WorkerLine;
  } catch {
    throw new Error(`the PHP worker for ${name} printed something that is not a JSON line: ${line.slice(0, 200)}`);
  }
}
