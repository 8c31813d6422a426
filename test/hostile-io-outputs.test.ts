import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, openSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KILL_AFTER_MS, runHostileCli, type HostileResult } from './support/hostileCli.ts';

/**
 * Issue 20, the output gate (items 2, 3, 10 and 13's `--html X --save X`): an output is written to a temp
 * beside its target and renamed only over a regular file; a device, FIFO, folder, an input of the
 * command or its standard output is refused; a link is written through and stays a link; the target
 * keeps its mode. A report folder owns only what its manifest lists. A step summary that cannot be
 * written costs a warning, never the verdict. Each case runs the built CLI in its own process, killed
 * after 20 s. Devices are made with mknod inside a temp folder (as root), never real /dev files but /dev/full.
 */

const root = new URL('..', import.meta.url).pathname;
const tc2 = join(root, 'scenarios/test-case-2-parallel-users.yaml');
const twoCallers = join(root, 'scenarios/workloads/two-callers.yaml');
const fresh = () => mkdtempSync(join(tmpdir(), 'racesim-hostile-out-'));
const isRoot = process.getuid?.() === 0;
const run = (dir: string, args: string[], env?: NodeJS.ProcessEnv) => runHostileCli([...args, '--quiet'], { cwd: dir, env });

function expectRefused(r: HostileResult, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(r.maxRssMb).toBeLessThan(300);
}

describe('item 2: an output never replaces what it points at', () => {
  it.skipIf(!isRoot)('a character device (mknod of /dev/full\'s and /dev/null\'s numbers) given as --summary or --html stays a device', async () => {
    const dir = fresh();
    execFileSync('mknod', [join(dir, 'full'), 'c', '1', '7']);
    execFileSync('mknod', [join(dir, 'null'), 'c', '1', '3']);
    const gate = join(dir, 'gate.yaml');
    writeFileSync(gate, `checks:\n  - { name: a, workload: ${twoCallers}, fix: "off", runs: 1, seed: 1, limits: { maxConflictRate: 1 } }\n`);
    expectRefused(await run(dir, ['gate', '--config', gate, '--summary', 'full', '--junit', 'j.xml', '--workers', '1']), /--summary full: is a character device; expected a regular file or a new path/);
    expectRefused(await run(dir, ['run', tc2, '--html', 'null']), /--html null: is a character device/);
    expect(statSync(join(dir, 'full')).isCharacterDevice()).toBe(true);
    expect(statSync(join(dir, 'null')).isCharacterDevice()).toBe(true);
  }, 60_000);

  it('a FIFO as --html is refused at once (no hang); a link to /proc/self/fd/1 stays a link, whatever standard output is', async () => {
    const dir = fresh();
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expectRefused(await run(dir, ['run', tc2, '--html', 'fifo']), /--html fifo: is a FIFO \(named pipe\)/);
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    symlinkSync('/proc/self/fd/1', join(dir, 'stdout-link'));
    const r = await run(dir, ['run', tc2, '--html', 'stdout-link']);
    expectRefused(r, /stdout-link: is (a FIFO \(named pipe\)|a socket|a character device)/);
    expect(readlinkSync(join(dir, 'stdout-link'))).toBe('/proc/self/fd/1');
    // Standard output a regular file (racesim … > out.txt): writing through the link would replace out.txt under the command.
    const out = openSync(join(dir, 'out.txt'), 'w');
    const before = statSync(join(dir, 'out.txt')).ino;
    const toFile = spawnSync(process.execPath, [join(root, 'bin/racesim.js'), 'run', tc2, '--html', 'stdout-link', '--quiet'], { cwd: dir, stdio: ['ignore', out, 'pipe'], encoding: 'utf8', timeout: KILL_AFTER_MS });
    closeSync(out);
    expect(toFile.status, toFile.stderr).toBe(2);
    expect(toFile.stderr).toMatch(/stdout-link: is this command's standard output/);
    expect(statSync(join(dir, 'out.txt')).ino).toBe(before);
    expect(statSync(join(dir, 'out.txt')).size).toBe(0);
  }, 60_000);

  it('an output that is the command\'s own input is refused: run sc.yaml --html sc.yaml, import --out the log', async () => {
    const dir = fresh();
    copyFileSync(tc2, join(dir, 'sc.yaml'));
    symlinkSync('sc.yaml', join(dir, 'sc-link.yaml'));
    expectRefused(await run(dir, ['run', 'sc.yaml', '--html', 'sc.yaml']), /sc\.yaml: is the scenario file this command reads \(sc\.yaml\); writing it would replace the input/);
    expectRefused(await run(dir, ['run', 'sc.yaml', '--save', 'sc-link.yaml']), /sc-link\.yaml: is the scenario file this command reads/);
    expect(readFileSync(join(dir, 'sc.yaml'), 'utf8')).toBe(readFileSync(tc2, 'utf8'));
    const log = readFileSync(join(root, 'test/fixtures/import/personal-data.log'));
    writeFileSync(join(dir, 'laravel.log'), log);
    expectRefused(await run(dir, ['import', '--log', 'laravel.log', '--out', 'laravel.log']), /laravel\.log: is the Laravel log this command reads/);
    expect(readFileSync(join(dir, 'laravel.log'))).toEqual(log);
  }, 60_000);

  it('--write-expect through a symbolic link keeps the link; a 0600 scenario stays 0600', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'real.yaml'), readFileSync(tc2, 'utf8').replace(/^expect:[\s\S]*$/m, ''));
    symlinkSync('real.yaml', join(dir, 'link.yaml'));
    expect((await run(dir, ['run', 'link.yaml', '--fix', 'off,on', '--write-expect'])).code).toBe(0);
    expect(lstatSync(join(dir, 'link.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.yaml'), 'utf8')).toMatch(/^expect:\n {2}"?off"?:/m);
    writeFileSync(join(dir, 'private.yaml'), readFileSync(join(dir, 'real.yaml')));
    chmodSync(join(dir, 'private.yaml'), 0o600);
    expect((await run(dir, ['run', 'private.yaml', '--fix', 'off,on', '--write-expect'])).code).toBe(0);
    expect(statSync(join(dir, 'private.yaml')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['link.yaml', 'private.yaml', 'real.yaml']);
  }, 60_000);

  it('--html through a link to a missing file writes the file the link names; the link stays', async () => {
    const dir = fresh();
    symlinkSync('timeline.html', join(dir, 'latest.html'));
    expect((await run(dir, ['run', tc2, '--html', 'latest.html'])).code).toBe(0);
    expect(lstatSync(join(dir, 'latest.html')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'timeline.html'), 'utf8')).toMatch(/^<!doctype html>/);
  }, 60_000);

  it('item 13: --html X --save X exits 2 and leaves no X', async () => {
    const dir = fresh();
    expectRefused(await run(dir, ['run', tc2, '--html', 'X', '--save', 'X']), /X and X: name the same file/);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});

describe('item 3: a report folder owns only what its manifest lists', () => {
  const compare = (out: string) => ['compare', '--workload', twoCallers, '--fix', 'off', '--runs', '1', '--workers', '1', '--out', out];

  it('a folder holding a user\'s architecture.svg and report.md is refused and left as it was', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs/architecture.svg'), '<svg>mine</svg>');
    writeFileSync(join(dir, 'docs/report.md'), '# my notes');
    expectRefused(await run(dir, compare('docs')), /docs: holds "(architecture\.svg|report\.md)", which racesim did not write \(it is not in \.racesim-manifest\)/);
    expect(readdirSync(join(dir, 'docs')).sort()).toEqual(['architecture.svg', 'report.md']);
    expect(readFileSync(join(dir, 'docs/report.md'), 'utf8')).toBe('# my notes');
  }, 60_000);

  it('its own folder is replaced; one of its files edited by the user keeps it; a user folder rp.20250101.tmp beside it stays', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'rp.20250101.tmp'));
    writeFileSync(join(dir, 'rp.20250101.tmp/keep.txt'), 'mine');
    expect((await run(dir, compare('rp'))).code).toBe(0);
    expect(readdirSync(join(dir, 'rp'))).toContain('.racesim-manifest');
    expect((await run(dir, compare('rp'))).code).toBe(0);
    writeFileSync(join(dir, 'rp/report.md'), 'my edit', { flag: 'a' });
    expectRefused(await run(dir, compare('rp')), /rp: "report\.md" was changed after racesim wrote it/);
    expect(readFileSync(join(dir, 'rp/report.md'), 'utf8')).toMatch(/my edit$/);
    expect(readFileSync(join(dir, 'rp.20250101.tmp/keep.txt'), 'utf8')).toBe('mine');
    expect(readdirSync(dir).sort()).toEqual(['rp', 'rp.20250101.tmp']);
  }, 90_000);

  it('--out . is refused for what it is (the folder racesim runs in), not for racesim\'s own lock file', async () => {
    const dir = fresh();
    const r = await run(dir, compare('.'));
    expectRefused(r, /\.: is the folder racesim runs in; a report replaces its whole folder, so give a folder of its own/);
    expect(r.stderr).not.toMatch(/lock/);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});

describe('item 10: a step summary that cannot be written costs a warning, never the verdict', () => {
  it.each([
    ['a full device', '/dev/full', /is a character device, not a regular file/],
    ['a folder', '.', /cannot append \(EISDIR\)/],
    ['a missing folder', 'missing/summary.md', /cannot append \(ENOENT\)/],
  ])('GITHUB_STEP_SUMMARY on %s', async (_, summary, warning) => {
    const dir = fresh();
    const gate = join(dir, 'gate.yaml');
    writeFileSync(gate, `checks:\n  - { name: a, workload: ${twoCallers}, fix: "off", runs: 1, seed: 1, limits: { maxConflictRate: 1 } }\n`);
    const r = await runHostileCli(['gate', '--config', gate, '--summary', 's.md', '--junit', 'j.xml', '--workers', '1'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/gate: 1 of 1 checks hold/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^racesim: warning: \$GITHUB_STEP_SUMMARY .+; the summary is in s\.md only$/m);
    expect(r.stderr).toMatch(warning);
    expect(existsSync(join(dir, 's.md'))).toBe(true);
  }, 60_000);
});
