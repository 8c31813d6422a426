import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exploreKeepGoing } from '../sim/explore/keepGoing.ts';
import { parseProperties } from '../sim/explore/properties.ts';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

const foundDir = new URL('../scenarios/found/', import.meta.url).pathname;
const known = readdirSync(foundDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: `scenarios/found/${f}`, scenario: loadScenarioFile(join(foundDir, f)) }));
const options = {
  fix: 'on' as const,
  profile: 'seed' as const,
  properties: parseProperties('no-stale-available,conflicts-are-toctou'),
  runs: 250,
  seed: 1,
  maxCallers: 3,
  strategy: 'random' as const,
  known,
};

describe('racesim explore --keep-going', () => {
  const result = exploreKeepGoing({ ...options, excludeCauses: [] });

  it('groups the violations of Phase A+ into at least three holes, marks the known ones, and each example replays to its group', () => {
    expect(result.runs).toBe(250);
    expect(result.groups.length).toBeGreaterThanOrEqual(3);
    expect(new Set(result.groups.map((g) => g.signature)).size).toBe(result.groups.length);
    expect(result.groups.filter((g) => g.knownAs !== null).length).toBeGreaterThanOrEqual(2);
    expect(result.groups.some((g) => g.knownAs === null)).toBe(true);
    for (const group of result.groups) {
      expect(group.rate.ci95[0]).toBeLessThanOrEqual(group.rate.value);
      const replayed = parseScenario(group.example.yaml, 'found.yaml');
      const report = runScenario(replayed, { fix: 'on', seed: 1 }).report;
      expect(report.expectations.failed, group.signature).toBe(0);
      expect(report.expectations.results.length).toBeGreaterThan(0);
    }
  });

  it('--exclude-cause drops what no cache fix can prevent, and only that', () => {
    const excluded = exploreKeepGoing({ ...options, excludeCauses: ['stale-cache'] });
    expect(excluded.groups.some((g) => g.signature.includes('· stale-cache ·'))).toBe(false);
    expect(excluded.groups.map((g) => g.signature)).toEqual(result.groups.map((g) => g.signature).filter((s) => !s.includes('· stale-cache ·')));
  });

  it('generated slots are never in the past of the steps that ask for them', () => {
    for (const group of result.groups) {
      const scenario = parseScenario(group.example.yaml, 'found.yaml');
      const lastStep = Math.max(...scenario.steps.map((s) => s.atMs));
      const runReport = runScenario(scenario, { fix: 'on', seed: 1 });
      for (const record of runReport.outcome.records) expect(record.slotMs).toBeGreaterThan(lastStep);
    }
  });
});
