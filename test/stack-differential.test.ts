import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genomeArbitrary, genomeToScenario } from '../sim/explore/arbitraries.ts';
import type { StepReport } from '../sim/metrics/stepReport.ts';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import type { Scenario } from '../sim/scenario/scenario.ts';
import { systemFor } from '../sim/systems/registry.ts';

/**
 * The seed design written as a stack file must behave as askproai's `seed` profile, step by step: the
 * same answers, truths, served-by layers (the stack names its layers layer2/layer1), alternatives and
 * attributions, under off, on and none.
 */
const dir = new URL('../scenarios/', import.meta.url);
const seedStack = systemFor('stack', new URL('stacks/seed-design.yaml', dir).pathname);
const fixes = ['off', 'on', 'none'] as const;

/** Built-in seed scenarios the stack language cannot express, and why. */
const inexpressible: Readonly<Record<string, string>> = {
  'askproai/uuid-branch-ids.yaml':
    'askproai formats Layer 2 keys with PHP\'s %d, so branch UUIDs "9f3a…" and "9b7c…" collide on one entry; a stack keys a service by its ids as written',
};

const seedScenarios = (readdirSync(dir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.yaml') && !f.startsWith('workloads') && !f.startsWith('stacks'))
  .sort()
  .filter((f) => [undefined, 'seed'].includes(loadScenarioFile(new URL(f, dir).pathname).profile));

/** What the differential compares of a step: everything the harness judged, and what the agent said. */
const story = (s: StepReport) => ({
  caller: s.caller,
  slot: s.slot,
  outcome: s.outcome,
  truth: s.truth,
  servedBy: s.servedBy,
  stale: s.stale,
  attribution: s.attribution,
  staleLayer: s.staleLayer,
  // Each system names its own cache keys: the entry an alternative was read from is not compared.
  alternatives: s.alternatives.map(({ slot, readSlot, servedBy, truth, stale }) => ({ slot, readSlot, servedBy, truth, stale })),
  httpStatus: s.httpStatus,
  said: s.said,
});

function storiesOf(scenario: Scenario, fix: (typeof fixes)[number]) {
  const askproai = runScenario(scenario, { fix, profile: 'seed', seed: 1 }).report.steps.map(story);
  const stack = runScenario(scenario, { fix, seed: 1, system: seedStack }).report.steps.map(story);
  return { askproai, stack };
}

describe('the seed design as a stack against askproai\'s seed profile', () => {
  it('covers the seed-profile scenarios shipped', () => {
    expect(seedScenarios).toEqual(expect.arrayContaining(['test-case-2-parallel-users.yaml', 'stale-fill.yaml', 'found/beyond-today-plus-6.yaml']));
    for (const file of Object.keys(inexpressible)) expect(seedScenarios).toContain(file);
  });

  for (const file of seedScenarios.filter((f) => !(f in inexpressible))) {
    it(`${file}: the same story under off, on and none`, () => {
      const scenario = loadScenarioFile(new URL(file, dir).pathname);
      for (const fix of fixes) {
        const { askproai, stack } = storiesOf(scenario, fix);
        expect(stack, `--fix ${fix}`).toEqual(askproai);
      }
    });
  }

  for (const file of Object.keys(inexpressible)) {
    it(`${file} is listed as inexpressible because it does differ`, () => {
      const scenario = loadScenarioFile(new URL(file, dir).pathname);
      expect(fixes.some((fix) => JSON.stringify(storiesOf(scenario, fix).stack) !== JSON.stringify(storiesOf(scenario, fix).askproai))).toBe(true);
    });
  }

  it('random fault-free scenarios give the same story on both', () => {
    fc.assert(
      fc.property(genomeArbitrary(4), fc.constantFrom(...fixes), (genome, fix) => {
        const { askproai, stack } = storiesOf(genomeToScenario(genome, 'random'), fix);
        expect(stack).toEqual(askproai);
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
