import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';

const stack = 'scenarios/stacks/seed-design.yaml';
const work = mkdtempSync(join(tmpdir(), 'racesim-explore-stack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('racesim explore and cost on a cache stack (--stack)', () => {
  it('finds a violation under the stack\'s own variant and writes a scenario that names the stack and replays', async () => {
    const out = join(work, 'found');
    const found = await runCli(['explore', '--stack', stack, '--fix', 'off', '--runs', '100', '--out', out]);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(`racesim explore --fix off --system stack --stack ${stack} --property`);
    const file = join(out, readdirSync(out).find((f) => f.endsWith('.yaml'))!);
    expect(readFileSync(file, 'utf8')).toMatch(/^system: "stack"\nstack: "[^"]*scenarios\/stacks\/seed-design\.yaml"$/m);
    const replay = await runCli(['run', file, '--fix', 'off']);
    expect(replay.code).toBe(0); // the finding's own expectations hold when it is replayed on the stack
    expect(replay.stdout).toMatch(/expectations \(off\): [1-9]\d* passed, 0 failed/);
  });

  it('takes the stack\'s variants and no profile, in the search and in --exhaustive', async () => {
    const bogus = await runCli(['explore', '--stack', stack, '--fix', 'bogus', '--runs', '5', '--out', work]);
    expect(bogus).toMatchObject({ code: 2, stderr: 'racesim: --fix: the stack system has no variant "bogus"; expected one of off, on, none' });
    const profiled = await runCli(['explore', '--stack', stack, '--fix', 'on', '--profile', 'seed', '--runs', '5', '--out', work]);
    expect(profiled.code).toBe(2);
    expect(profiled.stderr).toContain('--profile: the stack system has no profiles');
    const exhaustive = await runCli(['explore', '--stack', stack, '--fix', 'on', '--exhaustive', 'scenarios/test-case-2-parallel-users.yaml', '--json']);
    expect(exhaustive.code).toBe(0);
    expect(JSON.parse(exhaustive.stdout).orderings).toBeGreaterThan(1);
  });

  it('racesim cost --stack counts by every variant of the stack file unless --fix names some', async () => {
    const cost = await runCli(['cost', '--stack', stack, '--services', '2', '--json', '--out', join(work, 'cost')]);
    expect(cost.code).toBe(0);
    expect(Object.keys(JSON.parse(cost.stdout).variants)).toEqual(['off', 'on', 'none']);
    expect((await runCli(['cost', '--stack', stack, '--fix', 'leases', '--out', join(work, 'cost')])).code).toBe(2);
  });
});
