import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeCalcom } from '../sim/calcom/fakeCalcom.ts';
import { ZonedCalendar } from '../sim/core/zonedTime.ts';
import { Oracle } from '../sim/metrics/oracle.ts';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { defaultWorld, type WorldConfig } from '../sim/worldConfig.ts';

const calendar = new ZonedCalendar('Europe/Berlin');
const at = (hour: number, minute = 0) => calendar.toUtc({ year: 2025, month: 10, day: 20, hour, minute, second: 0, ms: 0 });
const twoEventTypes: WorldConfig = {
  ...defaultWorld,
  services: [
    { company: 1, branch: 0, team: 1, eventType: 123 },
    { company: 1, branch: 1, team: 1, eventType: 456 },
  ],
};
const withHost = (world: WorldConfig, eventTypes: number[]): WorldConfig => ({ ...world, calcom: { ...world.calcom, hosts: [{ name: 'anna', eventTypes }] } });

function fake(world: WorldConfig) {
  let order = 0;
  const clock = { now: at(10), order: () => ++order };
  return { calcom: new FakeCalcom(world, calendar, clock, () => {}), clock };
}
const listed = (calcom: FakeCalcom, eventType: number) => Object.values(calcom.slots(eventType, at(9), at(18)).data.slots).flat().map((s) => s.time);

describe('Cal.com keeps availability per host', () => {
  it('a booking of one event type removes the host\'s slot of every other event type it serves, and a cancel gives it back', () => {
    const { calcom } = fake(withHost(twoEventTypes, [123, 456]));
    expect(calcom.book({ eventTypeId: 456, startMs: at(13), bookedBy: 'A' }).httpStatus).toBe(201);
    expect(listed(calcom, 123)).not.toContain('2025-10-20T11:00:00.000Z');
    expect(calcom.book({ eventTypeId: 123, startMs: at(13), bookedBy: 'B' }).httpStatus).toBe(409);
    calcom.cancel(456, at(13));
    expect(listed(calcom, 123)).toContain('2025-10-20T11:00:00.000Z');
  });

  it('without hosts every event type has its own: the other event type keeps its slot (today\'s behaviour)', () => {
    const { calcom } = fake(twoEventTypes);
    calcom.book({ eventTypeId: 456, startMs: at(13), bookedBy: 'A' });
    expect(listed(calcom, 123)).toContain('2025-10-20T11:00:00.000Z');
    expect(calcom.book({ eventTypeId: 123, startMs: at(13), bookedBy: 'B' }).httpStatus).toBe(201);
  });

  it('the oracle judges against host availability: the other event type\'s slot is taken while the booking stands', () => {
    const { calcom, clock } = fake(withHost(twoEventTypes, [123, 456]));
    calcom.book({ eventTypeId: 456, startMs: at(13), bookedBy: 'A' }); // accepted at logical time 1
    clock.now = at(10, 5);
    calcom.cancel(456, at(13)); // cancelled at logical time 2 (the release)
    const oracle = new Oracle(calcom.ledger, calcom);
    const cancelledAt = calcom.ledger[0].cancelled!.order;
    expect(oracle.truthAt(123, at(13), 1, at(10))).toBe('free');
    expect(oracle.truthAt(123, at(13), cancelledAt - 0.5, at(10))).toBe('taken');
    expect(oracle.truthAt(123, at(13), cancelledAt + 1, at(10))).toBe('free');
    expect(oracle.truthAt(123, at(13, 30), cancelledAt - 0.5, at(10))).toBe('free');
  });
});

describe('scenarios/calcom/host-shared-across-event-types.yaml', () => {
  const file = new URL('../scenarios/calcom/host-shared-across-event-types.yaml', import.meta.url).pathname;

  it('the app clears event type 456 only: B hears a stale "noch frei" for 123 and is refused', () => {
    const { report } = runScenario(loadScenarioFile(file), { fix: 'on', seed: 1 });
    expect(report.steps[3]).toMatchObject({ outcome: 'available', truth: 'taken', stale: true, servedBy: 'layer2' });
    expect(report.steps[4]).toMatchObject({ outcome: 'conflict', attribution: 'stale-cache' });
  });

  it('the same steps without the shared host: nothing is stale and B books', () => {
    const text = readFileSync(file, 'utf8').replace(/ {2}calcom:\n {4}hosts:.*\n/, '').replace(/expect:[\s\S]*$/, '');
    const { report } = runScenario(parseScenario(text, 'no-host.yaml'), { fix: 'on', seed: 1 });
    expect(report.steps[3]).toMatchObject({ outcome: 'available', truth: 'free', stale: false });
    expect(report.steps[4]).toMatchObject({ outcome: 'booked' });
  });
});
