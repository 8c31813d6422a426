import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import type { CompareResult } from '../sim/metrics/measurement.ts';

const root = new URL('..', import.meta.url).pathname;
const at = (path: string) => join(root, path);
const peakHour = at('scenarios/workloads/peak-hour.yaml');
const seedDesign = at('scenarios/stacks/seed-design.yaml');
const singleLayer = at('scenarios/stacks/single-layer-60s.yaml');

async function compareJson(...args: string[]): Promise<CompareResult> {
  const out = mkdtempSync(join(tmpdir(), 'racesim-stack-mc-'));
  const cli = await runCli(['compare', '--workload', peakHour, '--runs', '3', '--seed', '5', '--workers', '1', '--json', '--out', out, ...args]);
  expect(cli.stderr).toBe('');
  expect(cli.code).toBe(0);
  return JSON.parse(cli.stdout) as CompareResult;
}

describe('Monte Carlo commands on a cache stack', () => {
  it('the seed design as a stack measures what askproai\'s seed profile measures, call for call', async () => {
    const app = await compareJson('--fix', 'off,on');
    const stack = await compareJson('--fix', 'off,on', '--stack', seedDesign);
    expect(stack.profile).toBe('stack');
    for (const fix of ['off', 'on']) {
      const { examples: _a, ...appCounts } = app.variants[fix];
      const { examples: _s, ...stackCounts } = stack.variants[fix];
      expect(stackCounts, fix).toEqual(appCounts);
      expect(app.variants[fix].calls).toBeGreaterThan(1000);
    }
    expect(app.variants.on.staleAvailable).not.toBe(app.variants.off.staleAvailable); // the two variants are told apart
  });

  it('counts the layers the stack declares: one layer, one hit ratio, one stale-cache column', async () => {
    const out = mkdtempSync(join(tmpdir(), 'racesim-stack-report-'));
    const cli = await runCli(['compare', '--workload', peakHour, '--stack', singleLayer, '--fix', 'on,off', '--runs', '2', '--workers', '1', '--out', out]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('toctou/layer1/lag/no-check/wrong-slot');
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('| layer1 hit ratio |');
    expect(report).not.toContain('Layer 2');
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(Object.keys(json.compare.variants.on.hitRatio)).toEqual(['layer1']);
    expect(json.variantDetails.on.layers.map((l: { ttlSeconds: number }) => l.ttlSeconds)).toEqual([60]);
  });

  it('a workload file chooses the stack with system: and stack: (relative to the file), and shards merge to the same result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-stack-workload-'));
    const workload = join(dir, 'w.yaml');
    writeFileSync(join(dir, 'stack.yaml'), readFileSync(seedDesign, 'utf8'));
    writeFileSync(workload, readFileSync(peakHour, 'utf8').replace(/^name: .*$/m, 'name: stacked\nsystem: stack\nstack: stack.yaml'));
    const whole = await runCli(['compare', '--workload', workload, '--fix', 'on', '--runs', '4', '--workers', '1', '--json', '--out', join(dir, 'r')]);
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.stdout).profile).toBe('stack');
    const parts = [1, 2].map((i) => join(dir, `part${i}.json`));
    for (const [i, part] of parts.entries()) {
      expect((await runCli(['compare', '--workload', workload, '--fix', 'on', '--runs', '4', '--workers', '1', '--shard', `${i + 1}/2`, '--out', part])).code).toBe(0);
    }
    const merged = await runCli(['merge', ...parts, '--json', '--out', join(dir, 'm')]);
    expect(merged.code).toBe(0);
    expect(JSON.parse(merged.stdout).variants).toEqual(JSON.parse(whole.stdout).variants);
  });

  it('refuses what a stack cannot take, in one line naming the option or field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-stack-bad-'));
    const noFile = join(dir, 'w.yaml');
    writeFileSync(noFile, readFileSync(peakHour, 'utf8').replace(/^name: .*$/m, 'name: stacked\nsystem: stack'));
    for (const [args, message] of [
      [['--stack', seedDesign, '--ttl', 'layer1=5'], /^racesim: --ttl: a stack file sets its own TTLs/],
      [['--stack', seedDesign, '--profile', 'seed'], /^racesim: --profile: the stack system has no profiles/],
      [['--stack', seedDesign, '--claims'], /^racesim: --claims: /],
      [['--stack', seedDesign, '--fix', 'versioned-keys'], /^racesim: --fix: the stack system has no variant "versioned-keys"/],
      [['--workload', noFile], /w\.yaml.*system.*needs a stack file/],
    ] as const) {
      const cli = await runCli(['compare', '--workload', peakHour, '--runs', '1', ...args]);
      expect(cli.code, args.join(' ')).toBe(2);
      expect(cli.stderr.split('\n'), args.join(' ')).toHaveLength(1);
      expect(cli.stderr, args.join(' ')).toMatch(message);
    }
  });
});

describe('the gate on a cache stack', () => {
  const gate = async (checks: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-stack-gate-'));
    const config = join(dir, 'gate.yaml');
    writeFileSync(join(dir, 'stack.yaml'), readFileSync(seedDesign, 'utf8'));
    writeFileSync(config, `checks:\n${checks}`);
    return runCli(['gate', '--config', config, '--summary', join(dir, 's.md'), '--junit', join(dir, 'j.xml'), '--workers', '1', '--json']);
  };
  const twoCallers = at('scenarios/workloads/two-callers.yaml');

  it('a check with stack: runs the stack file (relative to the config) and holds its limits; its replay names the stack', async () => {
    const passing = await gate(`  - { name: stacked, workload: ${twoCallers}, stack: stack.yaml, fix: "on", runs: 60, seed: 1, limits: { maxStaleDirectRate: 0.1 } }\n`);
    expect(passing.stderr).toBe('');
    expect(passing.code).toBe(0);
    const verdict = JSON.parse(passing.stdout);
    expect(verdict.checks[0].replay).toMatch(/--fix on --runs 60 --seed 1 --stack \S*stack\.yaml$/);
    // Under "off" the seed design hears B's stale answer: the same limit fails on the stack too.
    const failing = await gate(`  - { name: stacked, workload: ${twoCallers}, stack: stack.yaml, fix: "off", runs: 60, seed: 1, limits: { maxStaleDirectRate: 0.1 } }\n`);
    expect(failing.code).toBe(1);
  });

  it('a stack check takes the stack\'s variants and no profile, naming the field', async () => {
    const badFix = await gate(`  - { name: stacked, workload: ${twoCallers}, stack: stack.yaml, fix: versioned-keys, runs: 5, seed: 1, limits: { maxConflictRate: 0.5 } }\n`);
    expect(badFix.code).toBe(2);
    expect(badFix.stderr).toMatch(/checks\.0\.fix: "versioned-keys" is not a variant of the stack; expected one of /);
    const badProfile = await gate(`  - { name: stacked, workload: ${twoCallers}, stack: stack.yaml, fix: "on", profile: seed, runs: 5, seed: 1, limits: { maxConflictRate: 0.5 } }\n`);
    expect(badProfile.code).toBe(2);
    expect(badProfile.stderr).toMatch(/checks\.0\.profile: the stack system has no profiles/);
  });
});
