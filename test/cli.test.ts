import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

const root = new URL('..', import.meta.url).pathname;
const racesim = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/racesim.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tc2 = 'scenarios/test-case-2-parallel-users.yaml';

describe('racesim run / replay', () => {
  it('a fresh process gives the same traceHash as this one (determinism across processes)', () => {
    const cli = racesim('run', tc2, '--fix', 'off', '--seed', '5', '--json');
    expect(cli.code).toBe(0);
    const inProcess = runScenario(loadScenarioFile(join(root, tc2)), { fix: 'off', seed: 5 }).report;
    const printed = JSON.parse(cli.stdout);
    expect(printed.traceHash).toBe(inProcess.traceHash);
    expect(Object.keys(printed)).toEqual(['scenario', 'profile', 'fix', 'seed', 'steps', 'metrics', 'cache', 'expectations', 'traceHash']);
    expect(printed.steps[2]).toMatchObject({ index: 2, caller: 'B', outcome: 'available', truth: 'taken', servedBy: 'layer2', stale: true });
  });

  it('exits 1 when an expectation fails, and says which', () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-'));
    const file = join(dir, 'wrong.yaml');
    writeFileSync(file, readFileSync(join(root, tc2), 'utf8').replace('outcome: available, stale: true', 'outcome: unavailable, stale: true'));
    const cli = racesim('run', file, '--fix', 'off');
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('✗ step=2 outcome=unavailable');
    expect(cli.stdout).toContain('expected unavailable, got available');
  });

  it('bad input exits 2 with one line and no stack trace', async () => {
    for (const args of [
      ['run', 'scenarios/does-not-exist.yaml'],
      ['run', tc2, '--fix', 'maybe'],
      ['run', tc2, '--seed', '-3'],
      ['run', tc2, '--fix', 'off,on'], // several variants only go with --html
      ['compare', '--runs', '0'],
      ['sweep', '--gaps', '10:0:5'],
      ['explore', '--property', 'no-such-property'],
      ['gate', '--config', 'scenarios/seed-timeline.yaml'],
      ['replay', join(root, 'package.json')],
    ]) {
      const cli = await runCli(args); // in this process: the contract is the entry's, and a process per case is slow
      expect(cli.code, args.join(' ')).toBe(2);
      expect(cli.stderr).not.toMatch(/\n\s+at /);
      expect(cli.stderr.split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('save then replay reproduces the trace; a tampered save is reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-'));
    const saved = join(dir, 'run.json');
    expect(racesim('run', tc2, '--fix', 'off', '--seed', '9', '--save', saved).code).toBe(0);
    expect(racesim('replay', saved).code).toBe(0);
    const run = JSON.parse(readFileSync(saved, 'utf8'));
    writeFileSync(saved, JSON.stringify({ ...run, traceHash: '0'.repeat(64) }));
    const tampered = racesim('replay', saved);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('replay DIFFERS');
  });
});
