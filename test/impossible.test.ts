import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { parseScenario } from '../sim/scenario/loadScenario.ts';

const scenario = (slot: string, extra = '') => `name: impossible
timezone: Europe/Berlin
start: "2025-10-20 10:00:00"
${extra}steps:
  - { at: "10:00:00", caller: A, action: check_availability, slot: "${slot}" }
`;

/** `racesim run` on a scenario written to a temp file. */
async function run(text: string, ...flags: string[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'racesim-impossible-')), 'scenario.yaml');
  writeFileSync(file, text);
  return { file, ...(await runCli(['run', file, '--fix', 'on', '--quiet', ...flags])) };
}

describe('a scenario that cannot happen says so', () => {
  it.each([
    ['2025-10-20 19:00', /2025-10-20 19:00 is outside business hours 09:00–18:00/],
    ['2025-10-20 17:45', /2025-10-20 17:45 is outside business hours/],
    ['2025-10-20 13:15', /2025-10-20 13:15 is off the 30-minute slot grid that starts at 09:00/],
    ['2025-10-20 09:30', /2025-10-20 09:30 has begun before the step's own time/],
  ])('slot %s: exit 2, one line naming file:line and field', async (slot, why) => {
    const r = await run(scenario(slot));
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`${r.file}:5: steps.0.slot: `);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toContain('allowImpossible: true');
  });

  it('allowImpossible: true in the file, or --allow-impossible, lets it run', async () => {
    expect((await run(scenario('2025-10-20 19:00', 'allowImpossible: true\n'))).code).toBe(0);
    expect((await run(scenario('2025-10-20 19:00'), '--allow-impossible')).code).toBe(0);
  });

  it('a possible slot runs, written absolutely or relative to start', async () => {
    expect((await run(scenario('2025-10-20 13:00'))).code).toBe(0);
    const slotOf = (slot: string) => parseScenario(scenario(slot), 'relative.yaml').steps[0].slot;
    expect(slotOf('today 13:00')).toMatchObject({ year: 2025, month: 10, day: 20, hour: 13, minute: 0 });
    expect(slotOf('tomorrow 14:30')).toMatchObject({ day: 21, hour: 14, minute: 30 });
    expect(slotOf('+12d 09:00')).toMatchObject({ month: 11, day: 1, hour: 9 });
  });

  it('unknown fields and values suggest the near name; a rate in percent says the fraction', () => {
    const bad = (text: string) => () => parseScenario(text, 'typo.yaml');
    expect(bad(scenario('2025-10-20 13:00', 'allowImposible: true\n'))).toThrow(/typo\.yaml:4: allowImposible: unknown field \(did you mean "allowImpossible"\?\); expected one of/);
    expect(bad(scenario('2025-10-20 13:00').replace('check_availability', 'check_availabilty'))).toThrow(/\(did you mean "check_availability"\?\)/);
    expect(bad(scenario('2025-10-20 13:00', 'profile: sed\n'))).toThrow(/unknown profile "sed" \(did you mean "seed"\?\); expected/);
    expect(bad(scenario('2025-10-20 13:00', 'world: { faults: { webhookLossProbability: "1%" } }\n'))).toThrow(/webhookLossProbability: expected number, got "1%"; write 0\.01/);
  });
});
