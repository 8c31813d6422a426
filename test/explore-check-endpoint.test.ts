import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genomeArbitrary, genomeToScenario } from '../sim/explore/arbitraries.ts';
import { scenarioToYaml } from '../sim/explore/scenarioYaml.ts';
import { parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

describe('the explorer varies the code profile\'s check endpoint', () => {
  const genomes = fc.sample(genomeArbitrary(3), { seed: 7, numRuns: 60 });

  it('generates scenarios through both endpoints', () => {
    const endpoints = new Set(genomes.map((g) => genomeToScenario(g, 'g').world.checkEndpoint));
    expect([...endpoints].sort()).toEqual(['function-call', 'retell-api']);
  });

  it('writes a generated function-call world into the scenario file, which replays through that endpoint', () => {
    const genome = genomes.find((g) => g.checkEndpoint === 'function-call' && g.steps.some((s) => s.action === 'check_availability'))!;
    const scenario = genomeToScenario(genome, 'generated');
    const yaml = scenarioToYaml(scenario, { profile: 'askproai-34a0115', allowImpossible: true, expect: {} });
    expect(yaml).toContain('checkEndpoint: "function-call"');
    const replayed = parseScenario(yaml, 'generated.yaml');
    expect(replayed.world.checkEndpoint).toBe('function-call');
    // RetellApiController's Layer 1 keys carry no team; the function-call handler's carry the service's.
    const keys = runScenario(replayed, { fix: 'on', seed: 1 }).events.flatMap((e) => (e.kind === 'cache.get' ? [e.key] : []));
    expect(keys.some((k) => /^calcom:slots:\d+:123:/.test(k))).toBe(true);
  });
});

describe('the explorer cancels bookings on Cal.com\'s page', () => {
  const genomes = fc.sample(genomeArbitrary(3), { seed: 11, numRuns: 300 });

  it('generates cancellations that free a booked slot, written into scenario files that replay them', () => {
    const cancelling = genomes.filter((g) => g.cancels.length > 0);
    expect(cancelling.length).toBeGreaterThan(30);
    // A generated cancel that hits a booking: Cal.com frees the slot and says so.
    const freed = cancelling
      .map((g) => parseScenario(scenarioToYaml(genomeToScenario(g, 'generated'), { allowImpossible: true, expect: {} }), 'generated.yaml'))
      .map((scenario) => ({ scenario, run: runScenario(scenario, { fix: 'on', seed: 1 }) }))
      .find(({ run }) => run.report.steps.some((s) => s.action === 'external_cancel' && s.outcome === 'cancelled'));
    expect(freed).toBeDefined();
    expect(freed!.scenario.steps.filter((s) => s.action === 'external_cancel').every((s) => s.caller === 'page')).toBe(true);
  });
});
