import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHostileCli, type HostileResult } from './support/hostileCli.ts';

/**
 * Issue 20, the input gate (items 1, 12 and 13's messages): every file a command reads is opened without
 * blocking, must be a regular file by fstat of the open descriptor, and is read no further than its
 * limit. /dev/zero, a FIFO with no writer and a folder, given as any input of any command, exit 2 with
 * one line in well under 100 MB (before: /dev/zero grew past 1 GB in 5 s and never exited; a FIFO hung).
 * A file that is not what was expected never has its text repeated in the message. Each case runs the
 * built CLI in its own process, killed after 20 s; peak memory is the process's own maxRSS.
 */

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'racesim-hostile-io-'));
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const tc2 = readFileSync(join(root, 'scenarios/test-case-2-parallel-users.yaml'), 'utf8');
const withoutExpect = tc2.replace(/^expect:[\s\S]*$/m, '');
const scenarioNaming = (stack: string) => withoutExpect.replace('steps:', `stack: ${JSON.stringify(stack)}\nsteps:`);
const fifo = join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);
const folder = join(dir, 'folder');
mkdirSync(folder);
const SECRET = 'hunter2-do-not-print';
const dotenv = file('secrets.env', `API_TOKEN=${SECRET}\nDB_PASSWORD=${SECRET}\n`);

/** A saved run (racesim run --save) whose scenario names `stack` as its stack file. */
function savedRunNaming(stack: string): string {
  const saved = join(dir, 'saved.json');
  execFileSync(process.execPath, [join(root, 'bin/racesim.js'), 'run', file('saved-source.yaml', withoutExpect), '--save', saved, '--quiet']);
  const run = JSON.parse(readFileSync(saved, 'utf8'));
  return file(`saved-naming-${stack.replace(/\W/g, '')}.json`, JSON.stringify({ ...run, scenarioText: scenarioNaming(stack) }));
}

/** Every way a command takes a file, given `path`. */
function inputsGiven(path: string, what: string): Record<string, string[]> {
  const gateConfig = file(`gate-${what}.yaml`, `checks:\n  - { name: a, workload: ${JSON.stringify(path)}, fix: "on", runs: 1, seed: 1, limits: { maxConflictRate: 1 } }\n`);
  const scenario = file(`scenario-${what}.yaml`, scenarioNaming(path));
  return {
    [`run ${what}`]: ['run', path, '--fix', 'off'],
    [`compare --workload ${what}`]: ['compare', '--workload', path, '--runs', '1'],
    [`run --stack ${what}`]: ['run', join(root, 'scenarios/test-case-2-parallel-users.yaml'), '--stack', path],
    [`gate --config ${what}`]: ['gate', '--config', path],
    [`a gate check's workload: ${what}`]: ['gate', '--config', gateConfig],
    [`replay ${what}`]: ['replay', path],
    [`merge ${what}`]: ['merge', path],
    [`explore --exhaustive ${what}`]: ['explore', '--exhaustive', path],
    [`a scenario's stack: ${what}`]: ['run', scenario],
    [`a saved run's scenario naming ${what} as its stack`]: ['replay', savedRunNaming(path)],
    [`import --log ${what}`]: ['import', '--log', path, '--out', join(dir, `imported-${what}.yaml`)],
  };
}

async function runAll(cases: Record<string, string[]>, env?: NodeJS.ProcessEnv): Promise<(HostileResult & { name: string })[]> {
  const queue = Object.entries(cases);
  const results: (HostileResult & { name: string })[] = [];
  const lane = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) results.push({ name: next[0], ...(await runHostileCli([...next[1], '--quiet'], { cwd: dir, env })) });
  };
  await Promise.all(Array.from({ length: availableParallelism() }, lane));
  return results;
}

/** Exit 2, one line naming the problem, bounded memory. */
function expectRefused(results: readonly (HostileResult & { name: string })[], message: RegExp, maxRssMb = 100): void {
  for (const { name, code, stderr, maxRssMb: peak } of results) {
    expect({ name, code }, stderr).toEqual({ name, code: 2 });
    expect(stderr.trim().split('\n'), name).toHaveLength(1);
    expect(stderr, name).toMatch(message);
    expect(peak, name).toBeLessThan(maxRssMb);
  }
}

describe('hostile inputs: a device, a FIFO or a folder as any input exits 2 at once', () => {
  it('/dev/zero', async () => {
    expectRefused(await runAll(inputsGiven('/dev/zero', 'dev-zero')), /^racesim: \/dev\/zero: (is a character device; expected the .+ as a regular file|not a regular file; .+)$/m);
  }, 120_000);

  it('a FIFO nobody writes to', async () => {
    expectRefused(await runAll(inputsGiven(fifo, 'fifo')), /fifo: (is a FIFO \(named pipe\); expected the .+ as a regular file|not a regular file)/);
  }, 120_000);

  it('a folder', async () => {
    const some = ['run folder', 'compare --workload folder', 'run --stack folder', 'replay folder', "a scenario's stack: folder"];
    expectRefused(await runAll(Object.fromEntries(Object.entries(inputsGiven(folder, 'folder')).filter(([name]) => some.includes(name)))), /folder: (is a folder; expected the .+ as a regular file|not a regular file)/);
  }, 120_000);
});

describe('a file that is not what was expected is named, never quoted', () => {
  it('/proc/self/environ as a scenario\'s stack, a scenario, a saved run; a .env file as each kind of input', async () => {
    const cases = {
      'stack: /proc/self/environ': ['run', file('environ-stack.yaml', scenarioNaming('/proc/self/environ'))],
      'run /proc/self/environ': ['run', '/proc/self/environ'],
      'replay /proc/self/environ': ['replay', '/proc/self/environ'],
      ...Object.fromEntries(Object.entries(inputsGiven(dotenv, 'dotenv')).filter(([name]) => !name.startsWith('import'))),
    };
    const results = await runAll(cases, { RACESIM_TEST_SECRET: SECRET });
    expectRefused(results, /^racesim: /);
    for (const { name, stderr } of results) {
      expect(stderr, name).not.toContain(SECRET);
      expect(stderr, name).not.toMatch(/API_TOKEN|RACESIM_TEST_SECRET|PATH=/);
    }
    expect(results.find((r) => r.name === 'stack: /proc/self/environ')!.stderr).toMatch(/environ: the stack file holds a NUL byte at byte offset \d+; expected a text file/);
    expect(results.find((r) => r.name === 'run dotenv')!.stderr).toMatch(/secrets\.env:1: expected a YAML mapping of fields, got a text of \d+ characters/);
    expect(results.find((r) => r.name === 'replay dotenv')!.stderr).toMatch(/secrets\.env: not JSON; expected a file written by racesim run --save/);
  }, 120_000);
});

describe('messages of item 13', () => {
  it('deep nesting says so (not "Maximum call stack size exceeded"); !!binary is named as binary', async () => {
    const results = await runAll({
      'flow lists 5,000 deep': ['run', file('deep.yaml', `${'['.repeat(5000)}${']'.repeat(5000)}`)],
      'flow mappings 5,000 deep': ['run', file('deep-map.yaml', `${'{a: '.repeat(5000)}1${'}'.repeat(5000)}`)],
      'block lists 2,000 deep': ['run', file('deep-block.yaml', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}- `).join('\n'))],
      '!!binary name': ['run', file('binary.yaml', tc2.replace(/^name: .*$/m, 'name: !!binary aGVsbG8='))],
    });
    expectRefused(results.filter((r) => r.name !== '!!binary name'), /YAML nested too deep to read; expected at most 32 levels of mappings and lists$/m, 300);
    expectRefused(results.filter((r) => r.name === '!!binary name'), /binary\.yaml:1: name: binary data \(!!binary\); expected text, a number or a mapping/);
    for (const { stderr } of results) expect(stderr).not.toMatch(/Maximum call stack|got a mapping/);
  }, 120_000);

  it('an offset no place has (+99:99, -25:00) is not an instant; +14:00 and -12:00 are', async () => {
    const log = join(root, 'test/fixtures/import/personal-data.log');
    const from = (offset: string) => ['import', '--log', log, '--from', `2025-10-20T00:00:00${offset}`, '--out', join(dir, `offset${offset.replace(':', '')}.yaml`)];
    const results = await runAll({ '+99:99': from('+99:99'), '-25:00': from('-25:00'), '+14:00': from('+14:00'), '-12:00': from('-12:00') });
    expectRefused(results.filter((r) => ['+99:99', '-25:00'].includes(r.name)), /--from: "2025-10-20T00:00:00(\+99:99|-25:00)"; expected/);
    for (const r of results.filter((r) => ['+14:00', '-12:00'].includes(r.name))) expect(r.code, r.stderr).toBe(0);
  }, 120_000);
});
