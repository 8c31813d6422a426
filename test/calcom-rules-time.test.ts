import { describe, expect, it } from 'vitest';
import { FakeCalcom } from '../sim/calcom/fakeCalcom.ts';
import { ZonedCalendar } from '../sim/core/zonedTime.ts';
import { Oracle } from '../sim/metrics/oracle.ts';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { defaultWorld, type EventTypeRules, type WorldConfig } from '../sim/worldConfig.ts';
import { errorResponse } from './contracts/calcomV2.ts';

const calendar = new ZonedCalendar('Europe/Berlin');
const at = (hour: number, minute = 0, second = 0) => calendar.toUtc({ year: 2025, month: 10, day: 20, hour, minute, second, ms: 0 });
const iso = (hour: number, minute = 0) => new Date(at(hour, minute)).toISOString();
const ruled = (rule: Partial<EventTypeRules>): WorldConfig => ({
  ...defaultWorld,
  calcom: { ...defaultWorld.calcom, eventTypes: [{ id: 123, lengthInMinutes: 30, beforeEventBuffer: 0, afterEventBuffer: 0, minimumBookingNotice: 0, ...rule }] },
});

function fake(world: WorldConfig = defaultWorld, now = at(10)) {
  let order = 0;
  const clock = { now, order: () => ++order };
  return { calcom: new FakeCalcom(world, calendar, clock, () => {}), clock };
}
const listed = (calcom: FakeCalcom) => Object.values(calcom.slots(123, at(0), at(23, 59)).data.slots).flat().map((s) => s.time);
const scenario = (name: string) => runScenario(loadScenarioFile(new URL(`../scenarios/calcom/${name}`, import.meta.url).pathname), { fix: 'on', seed: 1 });

describe('Cal.com never offers or books a slot that has begun', () => {
  it('at 09:15:40 the 09:00 slot is not listed, 09:30 is, and booking 09:00 is a 400 out of bounds', () => {
    const { calcom } = fake(defaultWorld, at(9, 15, 40));
    expect(listed(calcom)[0]).toBe(iso(9, 30));
    const refused = calcom.book({ eventTypeId: 123, startMs: at(9), bookedBy: 'A' });
    expect(refused.httpStatus).toBe(400);
    expect(errorResponse.parse(refused.body).error.message).toBe('booking_time_out_of_bounds_error');
    expect(calcom.ledger).toHaveLength(0);
  });

  it('a slot starting this very millisecond is still offered; the list moves on as time passes', () => {
    const { calcom, clock } = fake(defaultWorld, at(9, 30));
    expect(listed(calcom)[0]).toBe(iso(9, 30));
    clock.now += 1;
    expect(listed(calcom)[0]).toBe(iso(10));
  });

  it('the oracle calls a begun slot taken', () => {
    const { calcom } = fake();
    const oracle = new Oracle([], calcom);
    expect(oracle.truthAt(123, at(9, 30), 1, at(9, 29))).toBe('free');
    expect(oracle.truthAt(123, at(9, 30), 1, at(9, 31))).toBe('taken');
  });

  it('begun-slot-not-offered.yaml: B is offered 10:00 and 10:30, not 09:00, and books 10:00', () => {
    const { report } = scenario('begun-slot-not-offered.yaml');
    expect(report.steps[2].alternatives.map((a) => a.slot)).toEqual(['2025-10-20 10:00', '2025-10-20 10:30']);
    expect(report.steps[3]).toMatchObject({ outcome: 'booked', slot: '2025-10-20 10:00' });
    expect(report.steps[4]).toMatchObject({ outcome: 'conflict', httpStatus: 400 }); // C books the begun 09:00 itself (allowImpossible)
  });
});

describe('minimum booking notice', () => {
  it('slots inside the notice are not listed and booking one is a 400 out of bounds', () => {
    const { calcom } = fake(ruled({ minimumBookingNotice: 120 }));
    expect(listed(calcom)[0]).toBe(iso(12));
    expect(calcom.book({ eventTypeId: 123, startMs: at(11, 30), bookedBy: 'A' }).httpStatus).toBe(400);
    expect(calcom.book({ eventTypeId: 123, startMs: at(12), bookedBy: 'A' }).httpStatus).toBe(201);
  });

  it('minimum-notice.yaml: "noch frei" at 10:00, then Cal.com\'s 400 at 10:00:30; a Layer 1 day read before offers 12:00 too late', () => {
    const { report } = scenario('minimum-notice.yaml');
    expect(report.steps[0]).toMatchObject({ outcome: 'available', truth: 'free' });
    expect(report.steps[1]).toMatchObject({ outcome: 'conflict', httpStatus: 400, attribution: 'toctou' });
    expect(report.steps[2].alternatives[0]).toMatchObject({ slot: '2025-10-20 12:00', truth: 'taken' });
  });
});

describe('event length and buffers longer than the grid', () => {
  const world = ruled({ lengthInMinutes: 60, afterEventBuffer: 15 });

  it('a booking blocks every slot its length and buffers overlap, and nothing else', () => {
    const { calcom } = fake(world);
    const booked = calcom.book({ eventTypeId: 123, startMs: at(13), bookedBy: 'A' });
    expect(booked.httpStatus === 201 && booked.body.data).toMatchObject({ start: iso(13), end: iso(14), duration: 60 });
    const free = listed(calcom);
    for (const [h, m] of [[12, 0], [12, 30], [13, 0], [13, 30], [14, 0]]) expect(free).not.toContain(iso(h, m));
    for (const [h, m] of [[11, 30], [14, 30]]) expect(free).toContain(iso(h, m));
    expect(calcom.webhookFor(calcom.ledger[0]).payload.endTime).toBe(iso(14));
  });

  it('a before-buffer keeps the slots ahead of a booking free too', () => {
    const { calcom } = fake(ruled({ beforeEventBuffer: 30 }));
    calcom.book({ eventTypeId: 123, startMs: at(13), bookedBy: 'A' });
    expect(listed(calcom)).not.toContain(iso(12, 30));
    expect(listed(calcom)).toContain(iso(12));
  });

  it('a slot that would end after closing time is not offered', () => {
    const { calcom } = fake(world);
    expect(listed(calcom).at(-1)).toBe(iso(17));
  });

  it('a reschedule moves a booking into its own span (Cal.com leaves the moving booking out)', () => {
    const { calcom } = fake(world);
    calcom.book({ eventTypeId: 123, startMs: at(13), bookedBy: 'A' });
    const moved = calcom.reschedule(123, at(13), at(13, 30));
    expect(typeof moved === 'object' && moved.to.startMs).toBe(at(13, 30));
    expect(listed(calcom)).toContain(iso(11, 30)); // 11:30 + 60 + 15 ends 12:45, clear of 13:30
    expect(listed(calcom)).not.toContain(iso(12, 30));
  });

  it('event-length-and-buffers.yaml: 14:00 is unavailable after a 13:00 booking; 14:30 and 15:00 are offered', () => {
    const { report } = scenario('event-length-and-buffers.yaml');
    expect(report.steps[1]).toMatchObject({ outcome: 'unavailable', truth: 'taken', stale: false });
    expect(report.steps[1].alternatives.map((a) => a.slot)).toEqual(['2025-10-20 14:30', '2025-10-20 15:00']);
    expect(report.steps[3]).toMatchObject({ outcome: 'conflict', truth: 'taken' });
  });
});
