import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHostileCli } from './support/hostileCli.ts';

/**
 * Issue 20, names from user text (items 4 and 5): a stack's variant names become report file names, so
 * each must be a safe file name (no separator, no `..`), and none may differ from another only in case;
 * a bad one is refused when the stack loads, before any run (before: `--fix "/../../../victim3/pwned"`
 * wrote fourteen files outside --out, and `ttl/60` failed only after all runs). `constructor`,
 * `toString` and `__proto__` are names like any other (before: exit 3 "expectations.map is not a
 * function", and `__proto__` vanished from the stack). Each case runs the built CLI, killed after 20 s.
 */

const root = new URL('..', import.meta.url).pathname;
const twoCallers = join(root, 'scenarios/workloads/two-callers.yaml');
const tc2 = join(root, 'scenarios/test-case-2-parallel-users.yaml');
const baseStack = readFileSync(join(root, 'scenarios/stacks/single-layer-60s.yaml'), 'utf8');
/** single-layer-60s with `variants` added before its "off" (each forgetting layer1 on booking, so a run shows it ran). */
const stackWith = (names: readonly string[]) =>
  baseStack.replace(/^ {2}"off":/m, `${names.map((n) => `  ${JSON.stringify(n)}:\n    onBooking: [{ layer: layer1, days: 30 }]\n`).join('')}  "off":`);

function sandbox(names: readonly string[]): { dir: string; work: string; stack: string } {
  const dir = mkdtempSync(join(tmpdir(), 'racesim-hostile-names-'));
  const work = join(dir, 'a/b/c');
  mkdirSync(work, { recursive: true });
  mkdirSync(join(dir, 'a/b/victim3'));
  const stack = join(work, 'stack.yaml');
  writeFileSync(stack, stackWith(names));
  return { dir, work, stack };
}

describe('item 4: a variant name is a safe file name, checked before any run', () => {
  it.each([
    ['/../../../victim3/pwned', /variants\.\/\.\.\/\.\.\/\.\.\/victim3\/pwned: the variant name is not a safe file name/],
    ['ttl/60', /variants\.ttl\/60: the variant name is not a safe file name/],
    ['..', /the variant name is not a safe file name/],
    ['.hidden', /the variant name is not a safe file name/],
  ])('%s is refused up front, and nothing is written anywhere', async (name, message) => {
    const { dir, work, stack } = sandbox([name]);
    const r = await runHostileCli(['compare', '--workload', twoCallers, '--stack', stack, '--fix', name, '--runs', '1', '--workers', '1', '--out', 'rp', '--quiet'], { cwd: work });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(join(dir, 'a/b/victim3'))).toEqual([]);
    expect(readdirSync(work)).toEqual(['stack.yaml']);
  }, 60_000);

  it('two names that differ only in case are refused (their report files would be one on some file systems)', async () => {
    const { work, stack } = sandbox(['Fast']);
    writeFileSync(stack, stackWith(['Fast', 'fast']));
    const r = await runHostileCli(['run', tc2, '--stack', stack, '--fix', 'fast', '--quiet'], { cwd: work });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/"fast" and "Fast" differ only in case/);
  }, 60_000);
});

describe('item 5: constructor, toString and __proto__ are variant names like any other', () => {
  const names = ['constructor', 'toString', '__proto__'];

  it('run, compare, explore and cost run them, and compare reports each', async () => {
    const { work, stack } = sandbox(names);
    for (const name of names) {
      const r = await runHostileCli(['run', tc2, '--stack', stack, '--fix', name, '--json'], { cwd: work });
      expect(r.code, `run ${name}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).fix).toBe(name);
      const explore = await runHostileCli(['explore', '--stack', stack, '--fix', name, '--runs', '3', '--out', 'found', '--json'], { cwd: work });
      expect([0, 1], `explore ${name}: ${explore.stderr}`).toContain(explore.code);
    }
    const compare = await runHostileCli(['compare', '--workload', twoCallers, '--stack', stack, '--fix', `on,${names.join(',')}`, '--runs', '1', '--workers', '1', '--out', 'rp', '--json', '--quiet'], { cwd: work });
    expect(compare.code, compare.stderr).toBe(0);
    const variants = JSON.parse(compare.stdout).variants;
    expect(Object.keys(variants)).toEqual(['on', ...names]);
    expect(variants.__proto__.keysForgottenPerBooking).toBeGreaterThan(0); // its own rules ran, not another variant's
    const cost = await runHostileCli(['cost', '--services', '2', '--stack', stack, '--fix', names.join(','), '--out', 'cost', '--json', '--quiet'], { cwd: work });
    expect(cost.code, cost.stderr).toBe(0);
    expect(Object.keys(JSON.parse(cost.stdout).variants)).toEqual(names);
  }, 120_000);
});
