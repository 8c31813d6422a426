import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { parseScenario } from '../sim/scenario/loadScenario.ts';

const root = new URL('..', import.meta.url).pathname;
const testCase2 = readFileSync(join(root, 'scenarios/test-case-2-parallel-users.yaml'), 'utf8');

/** Test case 2 with `on`'s expectations replaced by `entries`, in a temp folder. */
function withOnExpectations(entries: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'racesim-ux-')), 'tc2.yaml');
  writeFileSync(file, testCase2.replace(/\n {2}"on":\n(?: {4}-.*\n)+/, `\n  "on":\n${entries}`));
  return file;
}

describe('alternatives: in a step expectation', () => {
  it('holds when the offered slots are the written ones in order ("HH:MM" in the scenario\'s zone, or with the date)', async () => {
    const file = withOnExpectations('    - { step: 2, outcome: unavailable, alternatives: ["12:30", "2025-10-20 13:30"] }\n');
    const r = await runCli(['run', file, '--fix', 'on']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ step=2 outcome=unavailable alternatives=12:30,2025-10-20 13:30');
  });

  it('fails naming what was offered when the order, a slot, or the count differs', async () => {
    for (const [written, shown] of [['"13:30", "12:30"', '13:30, 12:30'], ['"12:30"', '12:30'], ['', '']] as const) {
      const r = await runCli(['run', withOnExpectations(`    - { step: 2, alternatives: [${written}] }\n`), '--fix', 'on']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`step 2 alternatives: expected [${shown}], got [12:30, 13:30]`);
    }
    // On another day the date must match too.
    const other = await runCli(['run', withOnExpectations('    - { step: 2, alternatives: ["2025-10-21 12:30", "13:30"] }\n'), '--fix', 'on']);
    expect(other.code).toBe(1);
  });

  it('a time that is not HH:MM is exit 2 naming the line and field', async () => {
    const r = await runCli(['run', withOnExpectations('    - { step: 2, alternatives: ["12.30"] }\n'), '--fix', 'on']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tc2\.yaml:\d+: expect\.on\.0\.alternatives\.0: expected "HH:MM" or "YYYY-MM-DD HH:MM"/);
  });

  it('--write-expect writes them (quoted) for answers that offer alternatives, and the file replays', async () => {
    const file = withOnExpectations('    - { step: 2, outcome: unavailable }\n');
    expect((await runCli(['run', file, '--fix', 'off,on', '--write-expect'])).code).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('- { step: 2, outcome: unavailable, truth: taken, stale: false, servedBy: calcom, attribution: null, staleLayer: null, offersTaken: false, alternatives: [ "12:30", "13:30" ] }');
    expect(written).toMatch(/- \{ step: 0, outcome: available, [^}]*offersTaken: false \}/); // no alternatives where none can be offered
    for (const fix of ['off', 'on']) expect((await runCli(['run', file, '--fix', fix, '--quiet'])).code).toBe(0);
  });
});

describe('an unknown key is reported as unknown, with the near name', () => {
  it('timzone: not "timezone: required"', () => {
    expect(() => parseScenario(testCase2.replace('timezone:', 'timzone:'), 'tc2.yaml')).toThrow(/^tc2\.yaml:\d+: timzone: unknown field \(did you mean "timezone"\?\); expected one of/);
  });

  it('in a gate config and a stack file too (one reader of YAML files)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-ux-'));
    writeFileSync(join(dir, 'gate.yaml'), `checks:\n  - { name: a, workload: ${join(root, 'scenarios/workloads/two-callers.yaml')}, fx: "on", runs: 1, seed: 1, limits: { maxConflictRate: 1 } }\n`);
    const gate = await runCli(['gate', '--config', join(dir, 'gate.yaml'), '--summary', join(dir, 's.md'), '--junit', join(dir, 'j.xml')]);
    expect(gate.code).toBe(2);
    expect(gate.stderr).toMatch(/gate\.yaml:2: checks\.0\.fx: unknown field \(did you mean "fix"\?\)/);
    const stack = readFileSync(join(root, 'scenarios/stacks/single-layer-60s.yaml'), 'utf8').replace('ttlSeconds: 60', 'ttlSecond: 60');
    writeFileSync(join(dir, 'stack.yaml'), stack);
    const run = await runCli(['run', join(root, 'scenarios/test-case-2-parallel-users.yaml'), '--stack', join(dir, 'stack.yaml'), '--fix', 'on']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/stack\.yaml:\d+: layers\.0\.ttlSecond: unknown field \(did you mean "ttlSeconds"\?\)/);
  });
});
