import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';

const root = new URL('..', import.meta.url).pathname;
const racesim = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/racesim.js'), ...args], { cwd: root, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};
/** The same command in this process: shards and merge need no process of their own, and a process per call is slow. */
const here = async (...args: string[]) => {
  const r = await runCli(args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};
const out = () => mkdtempSync(join(tmpdir(), 'racesim-parallel-'));
const compare = ['compare', '--workload', 'scenarios/workloads/peak-hour.yaml', '--fix', 'off,on', '--runs', '7', '--seed', '4', '--json', '--quiet'];

describe('parallel workers and shards', () => {
  it('compare gives byte-identical JSON with 1 and 2 workers', () => {
    const one = racesim(...compare, '--workers', '1', '--out', out());
    const two = racesim(...compare, '--workers', '2', '--out', out());
    expect(JSON.parse(one).runs).toBe(7);
    expect(two).toBe(one);
  });

  it('merging 3 shards gives exactly the unsharded result', async () => {
    const whole = racesim(...compare, '--workers', '1', '--out', out()); // a process of its own, as a user runs it
    const dir = out();
    const parts: string[] = [];
    for (const i of [1, 2, 3]) {
      parts.push(join(dir, `part-${i}.json`));
      await here(...compare.filter((a) => a !== '--json'), '--workers', '1', '--shard', `${i}/3`, '--out', parts[i - 1]);
    }
    expect((await here('merge', parts[2], parts[0], parts[1], '--json', '--out', out())) + '\n').toBe(whole);
  });

  it('the gate merges to the same verdict and summary', () => {
    const dir = out();
    const config = join(dir, 'gate.yaml');
    writeFileSync(
      config,
      `checks:\n  - { name: small, workload: ${join(root, 'scenarios/workloads/peak-hour.yaml')}, fix: "on", runs: 6, seed: 2, limits: { maxStaleAvailableRateUpper: 0.01, maxConflictRate: 0.2 } }\n`,
    );
    const whole = spawnSync(process.execPath, [join(root, 'bin/racesim.js'), 'gate', '--config', config, '--workers', '1', '--summary', join(dir, 'whole.md'), '--junit', join(dir, 'whole.xml')], { cwd: root, encoding: 'utf8' });
    const parts = [1, 2].map((i) => {
      const file = join(dir, `gate-${i}.json`);
      racesim('gate', '--config', config, '--workers', '1', '--shard', `${i}/2`, '--out', file);
      return file;
    });
    const merged = spawnSync(process.execPath, [join(root, 'bin/racesim.js'), 'merge', ...parts, '--summary', join(dir, 'merged.md'), '--junit', join(dir, 'merged.xml')], { cwd: root, encoding: 'utf8' });
    expect(whole.status).toBe(1); // peak-hour rejects far more than 20 % of bookings: a failing verdict must merge too
    expect(merged.status).toBe(whole.status);
    expect(readFileSync(join(dir, 'merged.md'), 'utf8')).toBe(readFileSync(join(dir, 'whole.md'), 'utf8'));
    // Wall times are the one part of the JUnit that depends on the machine (and the merged gate has none).
    const withoutTimes = (file: string) => readFileSync(join(dir, file), 'utf8').replace(/ time="[\d.]+"/g, '');
    expect(readFileSync(join(dir, 'whole.xml'), 'utf8')).toMatch(/ time="[\d.]+"/);
    expect(withoutTimes('merged.xml')).toBe(withoutTimes('whole.xml'));
  });

  it('the sweep merges too', async () => {
    const sweep = ['sweep', '--fix', 'off,on', '--gaps', '0:400:200', '--runs', '6', '--quiet', '--workers', '1'];
    const whole = await here(...sweep, '--json');
    const dir = out();
    const parts: string[] = [];
    for (const i of [1, 2]) {
      parts.push(join(dir, `sweep-${i}.json`));
      await here(...sweep, '--shard', `${i}/2`, '--out', parts[i - 1]);
    }
    expect(await here('merge', ...parts, '--json')).toBe(whole);
  });
});
