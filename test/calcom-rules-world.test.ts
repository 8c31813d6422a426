import { describe, expect, it } from 'vitest';
import { parseScenario } from '../sim/scenario/loadScenario.ts';
import { defaultWorld } from '../sim/worldConfig.ts';

const scenario = (world: string) =>
  `name: w\ntimezone: Europe/Berlin\nstart: "2025-10-20 10:00:00"\nworld:\n${world}\nsteps:\n  - { at: "10:00:00", caller: A, action: check_availability, slot: "2025-10-20 13:00" }\n`;
const load = (world: string) => parseScenario(scenario(world), 'w.yaml').world;
const services = '  services: [{ company: 1, branch: 0, team: 1, eventType: 123 }, { company: 1, branch: 1, team: 1, eventType: 456 }]\n';

describe('the Cal.com world fields', () => {
  it('default to today\'s behaviour: no hosts, no rules, milliseconds, one route, one sender', () => {
    const world = load('  slotMinutes: 30');
    expect(world.calcom).toEqual(defaultWorld.calcom);
    expect(world.webhooks).toEqual(defaultWorld.webhooks);
    expect(defaultWorld.calcom).toMatchObject({ hosts: [], eventTypes: [] });
    expect(defaultWorld.webhooks).toMatchObject({ timeFormat: 'milliseconds', routes: ['/api/calcom/webhook'], senderIps: ['calcom'] });
  });

  it('fill an event type\'s unnamed rules: length slotMinutes, no buffers, no notice', () => {
    const world = load(`  slotMinutes: 15\n  calcom: { eventTypes: [{ id: 123, afterEventBuffer: 10 }] }`);
    expect(world.calcom.eventTypes).toEqual([{ id: 123, lengthInMinutes: 15, beforeEventBuffer: 0, afterEventBuffer: 10, minimumBookingNotice: 0 }]);
  });

  const refused: [string, string, RegExp][] = [
    ['a host\'s event type no service books', `  calcom: { hosts: [{ name: anna, eventTypes: [999] }] }`, /world\.calcom\.hosts\.0\.eventTypes\.0: event type 999 is no service's/],
    ['a host named twice', `${services}  calcom: { hosts: [{ name: anna, eventTypes: [123] }, { name: anna, eventTypes: [456] }] }`, /world\.calcom\.hosts\.1\.name: host "anna" is named twice/],
    ['a host serving nothing', `  calcom: { hosts: [{ name: anna, eventTypes: [] }] }`, /world\.calcom\.hosts\.0\.eventTypes/],
    ['rules for an unknown event type', `  calcom: { eventTypes: [{ id: 7 }] }`, /world\.calcom\.eventTypes\.0\.id: event type 7 is no service's/],
    ['rules twice', `  calcom: { eventTypes: [{ id: 123 }, { id: 123 }] }`, /world\.calcom\.eventTypes\.1\.id: event type 123 has rules twice/],
    ['a negative notice', `  calcom: { eventTypes: [{ id: 123, minimumBookingNotice: -5 }] }`, /world\.calcom\.eventTypes\.0\.minimumBookingNotice/],
    ['a zero length', `  calcom: { eventTypes: [{ id: 123, lengthInMinutes: 0 }] }`, /world\.calcom\.eventTypes\.0\.lengthInMinutes/],
    ['a fractional buffer', `  calcom: { eventTypes: [{ id: 123, afterEventBuffer: 2.5 }] }`, /world\.calcom\.eventTypes\.0\.afterEventBuffer/],
    ['an unknown time format', `  webhooks: { timeFormat: iso }`, /world\.webhooks\.timeFormat/],
    ['a route the app does not have', `  webhooks: { routes: [/api/webhook] }`, /world\.webhooks\.routes\.0/],
    ['a route twice', `  webhooks: { routes: [/api/calcom/webhook, /api/calcom/webhook] }`, /world\.webhooks\.routes\.1: "\/api\/calcom\/webhook" is listed twice/],
    ['no sender', `  webhooks: { senderIps: [] }`, /world\.webhooks\.senderIps/],
  ];
  for (const [what, world, message] of refused) it(`refuse ${what}, naming the field`, () => expect(() => load(world)).toThrow(message));
});
