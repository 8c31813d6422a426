import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZonedCalendar } from '../sim/core/zonedTime.ts';
import { InputError } from '../sim/inputError.ts';
import { parseScenario } from '../sim/scenario/loadScenario.ts';

const valid = `name: two-tenants
timezone: Europe/Berlin
start: "2025-10-20 10:00:00"
world:
  services:
    - { company: 1, branch: 0, team: 1, eventType: 123 }
    - { company: 2, branch: "9f3a2c1e-5b7d-4e0f-8a6b-1c2d3e4f5a6b", team: 7, eventType: 123 }
steps:
  - { at: "10:00:00", caller: A, action: check_availability, slot: "2025-10-20 13:00", company: 1 }
  - { at: "10:00:07.250", caller: B, action: create_booking, slot: "2025-10-20 13:30", company: 2 }
expect:
  on:
    - { step: 1, outcome: booked }
    - { key: "cal_slots_1_0_123_2025-10-20-13_2025-10-20-14", present: false }
`;

/** The message of the InputError `text` raises, or a failure when it raises none. */
function errorOf(text: string): string {
  try {
    parseScenario(text, 'scenarios/bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

const replace = (from: string, to: string) => {
  expect(valid).toContain(from);
  return valid.replace(from, to);
};

describe('a valid scenario', () => {
  it('parses into virtual times, slots, services and defaults', () => {
    const s = parseScenario(valid, 'ok.yaml');
    expect(s.startMs).toBe(Date.UTC(2025, 9, 20, 8, 0, 0));
    expect(s.steps[1]).toMatchObject({ atMs: Date.UTC(2025, 9, 20, 8, 0, 7, 250), caller: 'B', service: 1 });
    expect(s.steps[1].slot).toMatchObject({ year: 2025, month: 10, day: 20, hour: 13, minute: 30 });
    expect(s.world.slotMinutes).toBe(30);
    expect(s.world.calcom.conflictStatus).toBe(409);
    expect(s.expect.on).toHaveLength(2);
  });
});

describe('malformed scenarios are one-line errors naming file, line and field', () => {
  const cases: [string, string, RegExp][] = [
    ['bad YAML syntax', replace('steps:\n', 'steps: [\n'), /^scenarios\/bad\.yaml:\d+: YAML syntax error/],
    ['missing name', replace('name: two-tenants\n', ''), /^scenarios\/bad\.yaml:1: name: required; expected string$/],
    ['missing steps', valid.slice(0, valid.indexOf('steps:')), /^scenarios\/bad\.yaml:1: steps: required/],
    ['unknown action', replace('action: create_booking', 'action: cancel'), /^scenarios\/bad\.yaml:10: steps\.1\.action: expected one of "check_availability", "create_booking", "cancel_booking", "reschedule_booking", "external_booking", "external_cancel", "external_reschedule", got "cancel"$/],
    ['unknown variant', replace('  on:\n', '  maybe:\n'), /^scenarios\/bad\.yaml:12: expect\.maybe: unknown variant "maybe"; expected one of off, on, none/],
    ['unknown service', replace('company: 2 }', 'company: 7 }'), /^scenarios\/bad\.yaml:10: steps\.1\.company: no service with company 7/],
    ['ambiguous service', replace(', company: 2 }', ' }'), /^scenarios\/bad\.yaml:10: steps\.1: 2 services match/],
    ['impossible date', replace('"2025-10-20 13:30"', '"2025-02-30 13:30"'), /^scenarios\/bad\.yaml:10: steps\.1\.slot: 2025-02-30 13:30 does not exist/],
    ['impossible time', replace('"10:00:07.250"', '"25:00:07"'), /^scenarios\/bad\.yaml:10: steps\.1\.at: 25:00:07 does not exist/],
    ['steps out of order', replace('"10:00:07.250"', '"09:59:00"'), /^scenarios\/bad\.yaml:10: steps\.1\.at: 09:59:00 is before start/],
    ['unknown field', replace('company: 1 }', 'company: 1, slott: 1 }'), /^scenarios\/bad\.yaml:9: steps\.0\.slott: unknown field \(did you mean "slot"\?\); expected one of at, caller, action, slot, to, company, branch, calcomLatencyMs, via$/],
    ['unknown time zone', replace('Europe/Berlin', 'Europe/Atlantis'), /^scenarios\/bad\.yaml:2: timezone: unknown IANA time zone "Europe\/Atlantis"$/],
    ['unknown profile', replace('timezone:', 'profile: prod\ntimezone:'), /^scenarios\/bad\.yaml:2: profile: unknown profile "prod"; expected one of seed, askproai-34a0115$/],
    ['bad conflict status', replace('world:\n', 'world:\n  calcom: { conflictStatus: 418 }\n'), /^scenarios\/bad\.yaml:5: world\.calcom\.conflictStatus: .*418/],
    ['expectation for a step that does not exist', replace('step: 1,', 'step: 9,'), /^scenarios\/bad\.yaml:13: expect\.on\.0\.step: no step 9; steps are 0\.\.1$/],
  ];
  for (const [what, text, message] of cases) {
    it(what, () => {
      const error = errorOf(text);
      expect(error).toMatch(message);
      expect(error).not.toContain('\n');
    });
  }

  it('steps out of time order name the later step', () => {
    const text = replace('"10:00:00", caller: A', '"10:00:09", caller: A');
    expect(errorOf(text)).toMatch(/^scenarios\/bad\.yaml:10: steps\.1\.at: 10:00:07\.250 is earlier than step 0 \(10:00:09\); steps must be in time order$/);
  });
});

describe('time zones agree with PHP', () => {
  const vectors = JSON.parse(readFileSync(new URL('./fixtures/php-key-vectors.json', import.meta.url), 'utf8'));
  for (const v of vectors.toCalcomUtc) {
    it(`${v.local} ${v.timezone} is ${v.utc}`, () => {
      const [date, time] = v.local.split(' ');
      const [year, month, day] = date.split('-').map(Number);
      const [hour, minute, second] = time.split(':').map(Number);
      const utc = new ZonedCalendar(v.timezone).toUtc({ year, month, day, hour, minute, second, ms: 0 });
      expect(new Date(utc).toISOString()).toBe(v.utc);
    });
  }
});

describe('layer names in step expectations are the scenario system\'s', () => {
  const stackFile = new URL('../scenarios/stacks/single-layer-60s.yaml', import.meta.url).pathname;
  it('askproai takes layer1, layer2 and calcom, and names the allowed ones for another', () => {
    expect(parseScenario(replace('{ step: 1, outcome: booked }', '{ step: 0, servedBy: layer2, staleLayer: layer1 }'), 'ok.yaml').expect.on[0]).toMatchObject({ servedBy: 'layer2' });
    expect(errorOf(replace('{ step: 1, outcome: booked }', '{ step: 0, servedBy: edge }'))).toMatch(/expect\.on\.0\.servedBy.*unknown layer "edge"; expected one of layer2, layer1, calcom/);
  });

  it('a stack scenario takes its own layers and refuses askproai\'s Layer 2', () => {
    const stacked = (expectation: string) => `${valid.replace('name: two-tenants', `name: stacked\nstack: ${stackFile}`).replace(/expect:[\s\S]*$/, `expect:\n  "on":\n    - ${expectation}\n`)}`;
    expect(parseScenario(stacked('{ step: 0, servedBy: layer1 }'), 'ok.yaml').expect.on[0]).toMatchObject({ servedBy: 'layer1' });
    expect(errorOf(stacked('{ step: 0, staleLayer: layer2 }'))).toMatch(/staleLayer: unknown layer "layer2" \(did you mean "layer1"\?\); expected one of layer1$/);
  });
});
