import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCommand } from '../sim/cli/runCommands.ts';
import { InputError } from '../sim/inputError.ts';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { jsonLines, runImport, tempDir, writeInput } from './support/importCli.ts';

const root = new URL('..', import.meta.url).pathname;
const incidents = join(root, 'scenarios/incidents');
const quietly = <T>(f: () => Promise<T>) => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  return f().finally(() => log.mockRestore());
};
const check = (at: string, call = 'call_1') => ({ at, call, action: 'check_availability', slot: '2025-10-27T09:00:00Z', eventType: 123 });

describe('incidents imported from raw records replay with exit 0', () => {
  for (const [name, asProfile] of [['seed-symptom', 'seed'], ['page-booking', 'askproai-34a0115']] as const) {
    it(`${name}: the import equals scenarios/incidents/${name}.yaml, and it reproduces the records`, async () => {
      const out = join(tempDir(), `${name}.yaml`);
      const log = join(incidents, name, 'laravel.log');
      const webhooks = join(incidents, name, 'webhook_events.jsonl');
      const { yaml } = runImport({ log: [log], webhooks: [webhooks], asProfile, out });
      expect(yaml).toBe(readFileSync(join(incidents, `${name}.yaml`), 'utf8'));
      expect(await quietly(() => runCommand(out, { fix: 'on', seed: '1', store: 'memory' }))).toBe(0);
    });
  }

  it("the summary's symptom timeline: A checks 10:00:00, B 10:00:02, A books 10:00:05, B books 10:00:10 and is rejected", () => {
    const scenario = loadScenarioFile(join(incidents, 'seed-symptom.yaml'));
    expect(scenario.steps.map((s) => `${s.caller} ${s.action} ${new Date(s.atMs).toISOString().slice(11, 19)}`)).toEqual([
      'A check_availability 08:00:00',
      'B check_availability 08:00:02',
      'A create_booking 08:00:05',
      'B create_booking 08:00:10',
    ]);
    expect(scenario.expect.on).toEqual([
      { step: 2, outcome: 'booked' },
      { step: 3, outcome: 'conflict' },
    ]);
    expect(scenario.world.calcom.conflictStatus).toBe(400);
  });
});

describe('round trip: run --export-timeline, import, same outcomes', () => {
  for (const fix of ['off', 'on'] as const) {
    it(`test case 2 under "${fix}"`, async () => {
      const dir = tempDir();
      const source = join(root, 'scenarios/test-case-2-parallel-users.yaml');
      const exported = join(dir, 'tc2.jsonl');
      await quietly(() => runCommand(source, { fix, seed: '1', store: 'memory', exportTimeline: exported }));
      const { scenario } = runImport({ events: [exported], asProfile: 'seed', asFix: fix, out: join(dir, 'tc2.yaml') });
      const outcomes = (file: ReturnType<typeof loadScenarioFile>) => runScenario(file, { fix, seed: 1 }).report.steps.map((s) => [s.caller, s.action, s.outcome, s.slot]);
      expect(outcomes(scenario)).toEqual(outcomes(loadScenarioFile(source)));
      expect(runScenario(scenario, { fix, seed: 1 }).report.expectations.failed).toBe(0);
    });
  }
});

describe('times in the scenario zone, exactly, across DST', () => {
  it('across the spring gap: 01:59:59 CET and 03:00:01 CEST are 2 s apart', () => {
    const dir = tempDir();
    const events = writeInput(dir, 't.jsonl', jsonLines([check('2025-03-30T00:59:59Z'), check('2025-03-30T01:00:01Z', 'call_2')].map((c) => ({ ...c, slot: '2025-03-31T08:00:00Z' }))));
    const { scenario, yaml } = runImport({ events: [events], out: join(dir, 'o.yaml') });
    expect(yaml).toContain('at: "01:59:59"');
    expect(yaml).toContain('at: "03:00:01"');
    expect(yaml).toContain('slot: "2025-03-31 10:00"');
    expect(scenario.steps.map((s) => s.atMs)).toEqual([Date.parse('2025-03-30T00:59:59Z'), Date.parse('2025-03-30T01:00:01Z')]);
  });

  it('the second pass of the repeated autumn hour loads exactly', () => {
    const dir = tempDir();
    const { scenario, yaml } = runImport({ events: [writeInput(dir, 't.jsonl', jsonLines([check('2025-10-26T01:30:00Z')]))], out: join(dir, 'o.yaml') });
    expect(yaml).toContain('start: "2025-10-26 02:30:00"');
    expect(scenario.steps[0].atMs).toBe(Date.parse('2025-10-26T01:30:00Z'));
    expect(yaml).not.toContain('repeated hour');
  });

  it('the first pass of the repeated hour is written as the loader accepts it, with its exact offset in a comment', () => {
    const dir = tempDir();
    const { yaml } = runImport({ events: [writeInput(dir, 't.jsonl', jsonLines([check('2025-10-26T00:30:00Z')]))], out: join(dir, 'o.yaml') });
    expect(yaml).toContain('at: "02:30:00"');
    expect(yaml).toContain('exactly 2025-10-26T02:30:00.000+02:00, the first pass of the repeated hour; the loader takes no offset and reads this wall time as 2025-10-26T02:30:00.000+01:00');
  });

  it('steps on both passes of the repeated hour cannot keep their order in the loader: one line saying so', () => {
    const dir = tempDir();
    const events = writeInput(dir, 't.jsonl', jsonLines([check('2025-10-26T00:50:00Z'), check('2025-10-26T01:10:00Z', 'call_2')]));
    expect(() => runImport({ events: [events], out: join(dir, 'o.yaml') })).toThrow(InputError);
    expect(() => runImport({ events: [events], out: join(dir, 'o.yaml') })).toThrow(/t\.jsonl:2 .*straddle the repeated hour of 2025-10-26/);
  });

  it("log times are read in the app's zone (--app-timezone)", () => {
    const dir = tempDir();
    const line = '[2025-10-20 10:00:00] production.INFO: 📅 Checking availability {"call_id":"call_x1","date":"2025-10-20","time":"13:00"} []\n';
    const { scenario } = runImport({ log: [writeInput(dir, 'l.log', line)], appTimezone: 'Europe/Berlin', out: join(dir, 'o.yaml') });
    expect(scenario.steps[0].atMs).toBe(Date.parse('2025-10-20T08:00:00Z'));
    expect(scenario.world.appTimezone).toBe('Europe/Berlin');
  });
});

describe('an incident imported onto a cache stack (--stack)', () => {
  it('names the stack relative to the scenario, takes the stack\'s variant, and replays the records on it', async () => {
    const out = join(tempDir(), 'on-stack.yaml');
    const stack = join(root, 'scenarios/stacks/seed-design.yaml');
    const name = 'seed-symptom';
    const { code, yaml, scenario } = runImport({ log: [join(incidents, name, 'laravel.log')], webhooks: [join(incidents, name, 'webhook_events.jsonl')], asProfile: undefined, stack, out });
    expect(code).toBe(0);
    expect(yaml).toMatch(/^system: "stack"\nstack: "[^"]*scenarios\/stacks\/seed-design\.yaml"$/m);
    expect(yaml).not.toMatch(/^profile:/m);
    expect(scenario.stackFile).toBe(stack);
    // The seed design's stack is the summary's design: it reproduces what the seed profile's import does.
    expect(await quietly(() => runCommand(out, { fix: 'on', seed: '1', store: 'memory' }))).toBe(0);
  });

  it('refuses --as-profile and a variant the stack does not have', () => {
    const out = join(tempDir(), 'bad.yaml');
    const log = [join(incidents, 'seed-symptom', 'laravel.log')];
    const stack = 'scenarios/stacks/seed-design.yaml';
    expect(() => runImport({ log, stack, asProfile: 'seed', out })).toThrow(/^--as-profile: the stack system has no profiles/);
    expect(() => runImport({ log, stack, asProfile: undefined, asFix: 'leases', out })).toThrow(/^--as-fix: the stack system has no variant "leases"; expected one of off, on, none$/);
  });
});
