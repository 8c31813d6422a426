import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 13's guarantee: no input makes racesim allocate without bound or loop without progress. Each
 * hostile input runs the built CLI in its own process with a 300 MB heap and a 20 s kill timeout; the
 * assertion is the exit code (2), not a timing: a crash (133/134), a kill (null) or an internal error (3) fails.
 * Hostile command-line values (--runs 10¹², --gaps 0:99999999999:1, --path 99999999999) and inputs that
 * are only malformed (binary files, null documents) are refused before anything runs; reliability.test.ts
 * checks them in-process.
 */

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'racesim-hostile-'));
const peakHour = readFileSync(join(root, 'scenarios/workloads/peak-hour.yaml'), 'utf8');
const twoCallers = readFileSync(join(root, 'scenarios/workloads/two-callers.yaml'), 'utf8');
const tc2 = readFileSync(join(root, 'scenarios/test-case-2-parallel-users.yaml'), 'utf8');
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const step = (i: number) => `  - { at: "2025-10-20 ${String(10 + Math.floor(i / 3600)).padStart(2, '0')}:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}", caller: A, action: check_availability, slot: "2025-10-21 13:00" }`;
const aliasBomb = ['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
const gate = (runs: string) => `checks:\n  - { name: a, workload: ${join(root, 'scenarios/workloads/peak-hour.yaml')}, fix: "on", runs: ${runs}, seed: 1, limits: { maxConflictRate: 1 } }\n`;

const hostile: Record<string, string[]> = {
  'arrivalsPerHour: 1e308': ['compare', '--workload', file('rate.yaml', peakHour.replace('arrivalsPerHour: 450', 'arrivalsPerHour: 1e308')), '--runs', '1'],
  'arrivals × duration beyond the callers limit': ['compare', '--workload', file('callers.yaml', peakHour.replace('arrivalsPerHour: 450', 'arrivalsPerHour: 1000000').replace('duration: "1h"', 'duration: "744h"')), '--runs', '1'],
  'a huge duration': ['compare', '--workload', file('duration.yaml', peakHour.replace('duration: "1h"', 'duration: "99999999999999h"')), '--runs', '1'],
  'runs: 1e12 in a gate config': ['gate', '--config', file('gate.yaml', gate('1e12'))],
  'explore --exhaustive over 10,000 steps': ['explore', '--exhaustive', file('steps.yaml', `name: big\ntimezone: Europe/Berlin\nstart: "2025-10-20 10:00:00"\nsteps:\n${Array.from({ length: 10_000 }, (_, i) => step(i)).join('\n')}\n`)],
  'a 20 MB file': ['run', file('huge.yaml', `name: huge\n# ${'x'.repeat(20 << 20)}\n`)],
  'a 1 MB time zone': ['run', file('zone.yaml', tc2.replace('timezone: Europe/Berlin', `timezone: "${'Europe/'.repeat(150_000)}"`))],
  'a 1 MB description': ['run', file('description.yaml', `description: "${'x'.repeat(1 << 20)}"\n${tc2.replace(/^description:.*\n(  .*\n)*/m, '')}`)],
  'a YAML alias bomb': ['run', file('bomb.yaml', aliasBomb)],
  'lists nested 20,000 deep': ['run', file('deep.yaml', `${'['.repeat(20_000)}${']'.repeat(20_000)}`)],
  'pair.gapSeconds: 1e308': ['compare', '--workload', file('gap.yaml', twoCallers.replace('gapSeconds: 2', 'gapSeconds: 1e308')), '--runs', '1'],
};

function runHostile(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=300', join(root, 'bin/racesim.js'), ...args, '--quiet'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000); // wall-clock-ok: the kill timeout of a test, not a simulation
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stderr });
    });
  });
}

describe('hostile input: exit 2 with one line, under a 300 MB heap and a 20 s kill timeout', () => {
  it('every hostile input', async () => {
    // As many processes at a time as there are cores: all at once would starve each of CPU towards the kill timeout.
    const queue = Object.entries(hostile);
    const results: { name: string; code: number | null; stderr: string }[] = [];
    const lane = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) results.push({ name: next[0], ...(await runHostile(next[1])) });
    };
    await Promise.all(Array.from({ length: availableParallelism() }, lane));
    for (const { name, code, stderr } of results) {
      expect({ name, code }, stderr).toEqual({ name, code: 2 });
      expect(stderr.trim().split('\n'), name).toHaveLength(1);
      expect(stderr.length, name).toBeLessThan(500);
    }
  }, 120_000);
});
