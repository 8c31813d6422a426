import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs the built CLI in its own process, as a hostile input would meet it: killed after 20 s (a hang
 * fails the test instead of stalling it), its peak memory read from the process itself at exit
 * (`process.resourceUsage().maxRSS`, written to a fourth pipe so stdout and stderr stay the CLI's own).
 */
export interface HostileResult {
  /** null when killed. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident memory in MB; undefined when the process was killed before it could say. */
  readonly maxRssMb?: number;
}

const root = new URL('../..', import.meta.url).pathname;
export const KILL_AFTER_MS = 20_000;
const reportPeak = `import { writeSync } from 'node:fs'; process.on('exit', () => { try { writeSync(3, String(process.resourceUsage().maxRSS)); } catch {} });`;

export function runHostileCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<HostileResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(reportPeak)}`, join(root, 'bin/racesim.js'), ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '', peak: '' };
    child.stdout!.on('data', (chunk) => (out.stdout += chunk));
    child.stderr!.on('data', (chunk) => (out.stderr += chunk));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk) => (out.peak += chunk));
    const kill = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS); // wall-clock-ok: the kill timeout of a test, not a simulation
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout: out.stdout, stderr: out.stderr, maxRssMb: out.peak ? Number(out.peak) / 1024 : undefined });
    });
  });
}
