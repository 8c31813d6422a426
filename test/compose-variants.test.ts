import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { variantFor } from '../sim/systems/askproai/composeVariants.ts';
import { variants } from '../sim/systems/askproai/variants.ts';
import type { VariantName } from '../sim/systems/registry.ts';

const tc2 = loadScenarioFile(new URL('../scenarios/test-case-2-parallel-users.yaml', import.meta.url).pathname);
const stepsOf = (fix: string) => runScenario(tc2, { fix: fix as VariantName, seed: 1 }).report.steps.map(({ outcome, servedBy, stale, attribution }) => ({ outcome, servedBy, stale, attribution }));

describe('variants composed on the command line (--fix a+b)', () => {
  it('on+recheck is recheck: Phase A+ plus the fresh Cal.com read before "available"', () => {
    expect(stepsOf('on+recheck')).toEqual(stepsOf('recheck'));
    expect(stepsOf('on+recheck')).not.toEqual(stepsOf('off'));
  });

  it('versioned-keys+reserve takes one axis from each, and leaves the others as Phase A+', () => {
    const composed = variantFor('versioned-keys+reserve');
    expect(composed).toMatchObject({ name: 'versioned-keys+reserve', read: variants['versioned-keys'].read, availableGuard: variants.reserve.availableGuard });
    expect(composed.invalidates).toBe(variants['versioned-keys'].invalidates);
    expect(composed.when).toBe(variants.on.when);
  });

  it('two variants on one axis is bad input naming the axis and both values', async () => {
    const r = await runCli(['run', 'scenarios/test-case-2-parallel-users.yaml', '--fix', 'versioned-keys+leases']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('racesim: --fix versioned-keys+leases: versioned-keys and leases both set how a read goes: versioned (versioned-keys) and leased (leases)');
  });

  it('an unknown part is named', async () => {
    const r = await runCli(['run', 'scenarios/test-case-2-parallel-users.yaml', '--fix', 'on+nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown variant "nope"');
  });
});
