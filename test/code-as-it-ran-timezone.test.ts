import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';

const bin = new URL('../bin/racesim.js', import.meta.url).pathname;
const file = (name: string) => new URL(`../scenarios/askproai/${name}.yaml`, import.meta.url).pathname;

describe("the caller's wall clock on the code's profiles", () => {
  it('refuses callers in another zone than the one the code reads them in, with the reason, unless the world says so', () => {
    const marked = loadScenarioFile(file('hourly-key-survives'));
    expect(marked.timezone).toBe('UTC');
    expect(marked.world.callerTimezone).toBe('UTC');
    expect(runScenario(marked, { fix: 'on', seed: 1 }).report.steps.length).toBeGreaterThan(0);
    const unmarked = { ...marked, world: { ...marked.world, callerTimezone: 'Europe/Berlin' } };
    expect(() => runScenario(unmarked, { fix: 'on', seed: 1 })).toThrow(/takes a caller's spoken time in Europe\/Berlin .*not UTC/);
    // The summary's design (seed profile) takes any zone.
    expect(runScenario(unmarked, { fix: 'on', seed: 1, profile: 'seed' }).report.steps.length).toBeGreaterThan(0);
  });

  it('exit 2 on the command line, one line naming the file', () => {
    const text = readFileSync(file('hourly-key-survives'), 'utf8').replace(/^ {2}callerTimezone: UTC\n/m, '');
    const path = join(mkdtempSync(join(tmpdir(), 'racesim-zone-')), 'utc.yaml');
    writeFileSync(path, text);
    const r = spawnSync('node', [bin, 'run', path, '--fix', 'on'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${path}: timezone: the askproai-34a0115 profile takes a caller's spoken time in Europe/Berlin`);
  });

  it("every shipped askproai scenario on the code's profile is in Berlin or says its configuration", () => {
    for (const name of readdirSync(new URL('../scenarios/askproai/', import.meta.url)).filter((f) => f.endsWith('.yaml'))) {
      const s = loadScenarioFile(file(name.replace(/\.yaml$/, '')));
      if ((s.profile ?? 'seed') === 'seed') continue;
      expect(s.timezone, name).toBe(s.world.callerTimezone);
    }
  });
});
