import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';

const root = new URL('..', import.meta.url).pathname;
const appAnalysis = join(root, 'scenarios/workloads/app-analysis.yaml');

/** A gate config in a temp folder: app-analysis under `on`, 7 runs from seed 6, no run may give a stale direct answer. */
function config(extra = ''): { dir: string; file: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'racesim-ux-gate-'));
  const file = join(dir, 'gate.yaml');
  writeFileSync(file, `checks:\n  - { name: app, workload: ${appAnalysis}, fix: "on", runs: 7, seed: 6, limits: { maxViolatingRunRate: { property: no-stale-direct, limit: 0.5 } } }\n${extra}`);
  return { dir, file, files: ['--summary', join(dir, 'summary.md'), '--junit', join(dir, 'junit.xml')] };
}

describe('gate --fix and the runs that broke a property', () => {
  it('--fix off overrides the check\'s variant; the failure names the violating seeds and a run line that replays one with the property\'s verdict', async () => {
    const { dir, file, files } = config();
    const own = await runCli(['gate', '--config', file, ...files, '--workers', '1']);
    expect(own.code).toBe(0); // Phase A+ gives no stale direct answer on app-analysis
    expect(own.stdout).not.toContain('violating seeds');
    const off = await runCli(['gate', '--config', file, ...files, '--workers', '1', '--fix', 'off']);
    expect(off.code).toBe(1);
    expect(off.stdout).toMatch(/^FAIL app: maxViolatingRunRate no-stale-direct: cannot show ≤ 50 % with 7 runs .*; violating seeds 7, 10, 12$/m);
    expect(off.stdout).toContain('replay: racesim compare --workload'); // the measurement, under the overriding variant
    expect(off.stdout).toMatch(/--fix off --runs 7 --seed 6$/m);
    const line = /replay seed 7: racesim (run --workload \S+ --fix off --seed 7 --property no-stale-direct)$/m.exec(off.stdout)?.[1];
    expect(line).toBeDefined();
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain('| app | off | 7 | 6 |');
    expect(summary).toContain(`violating seeds 7, 10, 12; replay one: \`racesim ${line}\``);
    // The line replays that run and reports the property broken (exit 1); a seed the gate did not name holds it (exit 0).
    const replayed = await runCli(line!.split(' '));
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toMatch(/✗ property=no-stale-direct {2}— property no-stale-direct: expected to hold, broken: step \d+ \([\w-]+\) was told/);
    const clean = await runCli(line!.replace('--seed 7', '--seed 8').split(' '));
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('✓ property=no-stale-direct');
  });

  it('the seeds are the same for any workers and across shards and merge, which applies the shards\' --fix', async () => {
    const { dir, file, files } = config();
    const two = await runCli(['gate', '--config', file, ...files, '--workers', '2', '--fix', 'off', '--json']);
    const seedsOf = (stdout: string) => JSON.parse(stdout).checks[0].limits[0].violatingSeeds;
    expect(seedsOf(two.stdout)).toEqual([7, 10, 12]);
    for (const i of [1, 2]) expect((await runCli(['gate', '--config', file, '--fix', 'off', '--workers', '1', '--shard', `${i}/2`, '--out', join(dir, `p${i}.json`)])).code).toBe(0);
    const merged = await runCli(['merge', join(dir, 'p2.json'), join(dir, 'p1.json'), ...files, '--json']);
    expect(merged.code).toBe(1);
    expect(seedsOf(merged.stdout)).toEqual([7, 10, 12]);
    expect(JSON.parse(merged.stdout).checks[0].fix).toBe('off');
  });

  it('--fix names a variant the check\'s system has: a stack check refuses askproai\'s own (exit 2, one line)', async () => {
    const stack = join(root, 'scenarios/stacks/day-cache.yaml');
    const { file, files } = config(`  - { name: day, workload: ${appAnalysis}, stack: ${stack}, fix: "on", runs: 1, seed: 1, limits: { maxConflictRate: 1 } }\n`);
    const r = await runCli(['gate', '--config', file, ...files, '--fix', 'off']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^racesim: --fix: check "day" runs the stack ".*day-cache\.yaml", which has no variant "off"; expected one of on, none$/);
  });
});

describe('racesim run --workload', () => {
  it('refuses what only a scenario has, and a scenario beside it (exit 2, one line)', async () => {
    for (const [args, message] of [
      [['--workload', appAnalysis, '--save', '/tmp/x.json'], /^racesim: --workload: --save go with a scenario file/],
      [['scenarios/test-case-2-parallel-users.yaml', '--workload', appAnalysis], /^racesim: run: a scenario file \("scenarios\/test-case-2-parallel-users\.yaml"\) or --workload, not both$/],
      [[], /^racesim: missing required argument 'scenario' \(or --workload FILE --seed N/],
      [['scenarios/test-case-2-parallel-users.yaml', '--property', 'no-stale-direct'], /^racesim: --property: goes with --workload/],
      [['--workload', appAnalysis, '--property', 'no-such'], /^racesim: --property: unknown property "no-such"/],
    ] as const) {
      const r = await runCli(['run', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('\n');
    }
  });
});
