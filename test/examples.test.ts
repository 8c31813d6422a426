import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { EXAMPLE_KINDS, type CompareResult } from '../sim/metrics/measurement.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'racesim-examples-'));
const compare = ['compare', '--workload', 'scenarios/workloads/peak-hour.yaml', '--fix', 'off,on', '--runs', '6', '--seed', '4', '--quiet'];
const examplesOf = (stdout: string) => Object.fromEntries(Object.entries((JSON.parse(stdout) as CompareResult).variants).map(([v, m]) => [v, m.examples]));

describe('an example behind every number', () => {
  it('is the lowest seed that shows it, the same for 1 and 2 workers and across shards and merge', async () => {
    const one = await runCli([...compare, '--json', '--workers', '1', '--out', dir()]);
    const two = await runCli([...compare, '--json', '--workers', '2', '--out', dir()]);
    expect(one.code, one.stderr).toBe(0);
    const examples = examplesOf(one.stdout);
    expect(examples.off['stale-cache/layer2']).toBeDefined();
    expect(examplesOf(two.stdout)).toEqual(examples);
    const parts = join(dir(), 'part');
    for (const i of [1, 2, 3]) expect((await runCli([...compare, '--workers', '1', '--shard', `${i}/3`, '--out', `${parts}-${i}.json`])).code).toBe(0);
    const merged = await runCli(['merge', `${parts}-3.json`, `${parts}-1.json`, `${parts}-2.json`, '--json', '--out', dir()]);
    expect(examplesOf(merged.stdout)).toEqual(examples);
    // The lowest seed: no earlier seed shows it on its own.
    const { seed } = examples.off['stale-cache/layer2'];
    for (let earlier = 4; earlier < seed; earlier++) {
      const single = await runCli(['compare', '--workload', 'scenarios/workloads/peak-hour.yaml', '--fix', 'off', '--runs', '1', '--seed', String(earlier), '--json', '--quiet', '--out', dir()]);
      expect(JSON.parse(single.stdout).variants.off.examples['stale-cache/layer2']).toBeUndefined();
    }
  });

  it('--example prints a replay command that, run, shows the event', async () => {
    const found = await runCli([...compare, '--workers', '1', '--example', 'stale-cache/layer2', '--out', dir()]);
    expect(found.code, found.stderr).toBe(0);
    const replay = /replay: racesim (.*)$/m.exec(found.stdout)?.[1];
    expect(replay).toMatch(/^compare --workload scenarios\/workloads\/peak-hour\.yaml --fix off --runs 1 --seed \d+$/);
    const call = Number(/call (\d+)/.exec(found.stdout)?.[1]);
    const rerun = await runCli([...replay!.split(' '), '--json', '--quiet', '--out', dir()]);
    const off = (JSON.parse(rerun.stdout) as CompareResult).variants.off;
    expect(off.attribution.staleCache.layer2).toBeGreaterThan(0);
    expect(off.examples['stale-cache/layer2'].call).toBe(call);
  });

  it('--example with an unknown kind exits 2 with the list', async () => {
    const r = await runCli([...compare, '--example', 'stale-cache/layer9']);
    expect(r.code).toBe(2);
    for (const kind of EXAMPLE_KINDS) expect(r.stderr).toContain(kind);
  });
});
