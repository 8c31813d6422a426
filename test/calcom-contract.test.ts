import { describe, expect, it } from 'vitest';
import { FakeCalcom, type LedgerBooking } from '../sim/calcom/fakeCalcom.ts';
import { ZonedCalendar } from '../sim/core/zonedTime.ts';
import { defaultWorld, type WorldConfig } from '../sim/worldConfig.ts';
import { bookingCreatedResponse, bookingWebhook, errorResponse, slotsAvailableResponse } from './contracts/calcomV2.ts';

const calendar = new ZonedCalendar('Europe/Berlin');
const at = (day: number, hour: number, minute = 0) => calendar.toUtc({ year: 2025, month: 10, day, hour, minute, second: 0, ms: 0 });

function fake(world: WorldConfig = defaultWorld) {
  const accepted: LedgerBooking[] = [];
  let order = 0;
  const clock = { now: at(20, 10), order: () => ++order };
  return { calcom: new FakeCalcom(world, calendar, clock, (b) => accepted.push(b)), accepted, clock };
}

describe('the fake Cal.com answers in Cal.com v2 shapes', () => {
  it('GET /v2/slots/available: UTC times grouped by UTC date, business hours every slotMinutes', () => {
    const { calcom } = fake();
    const body = calcom.slots(123, at(20, 0), at(21, 0) - 1);
    expect(slotsAvailableResponse.parse(body)).toEqual(body);
    expect(body.data.slots['2025-10-20']).toHaveLength(18); // 09:00–17:30, 30 min
    expect(body.data.slots['2025-10-20'][8].time).toBe('2025-10-20T11:00:00.000Z'); // 13:00 Berlin (CEST)
  });

  it('an empty day is still a valid body (the app caches it too)', () => {
    const { calcom } = fake({ ...defaultWorld, businessHours: { open: 600, close: 600 } });
    expect(slotsAvailableResponse.parse(calcom.slots(123, at(20, 0), at(21, 0) - 1))).toEqual({ status: 'success', data: { slots: {} } });
  });

  it('POST /v2/bookings: 201 with the booking, then the configured conflict status for the same slot', () => {
    for (const conflictStatus of [400, 409] as const) {
      const { calcom } = fake({ ...defaultWorld, calcom: { ...defaultWorld.calcom, conflictStatus } });
      const first = calcom.book({ eventTypeId: 123, startMs: at(20, 13), bookedBy: 'A' });
      expect(first.httpStatus).toBe(201);
      bookingCreatedResponse.parse(first.body);
      const second = calcom.book({ eventTypeId: 123, startMs: at(20, 13), bookedBy: 'B' });
      expect(second.httpStatus).toBe(conflictStatus);
      errorResponse.parse(second.body);
    }
  });

  it('a time outside business hours is rejected like a taken slot', () => {
    const { calcom } = fake();
    const response = calcom.book({ eventTypeId: 123, startMs: at(20, 19), bookedBy: 'A' });
    expect(response.httpStatus).toBe(409);
    errorResponse.parse(response.body);
  });

  it('the webhook payload, in both trigger name styles', () => {
    for (const eventNameStyle of ['underscore', 'dotted'] as const) {
      const { calcom, accepted } = fake({ ...defaultWorld, webhooks: { ...defaultWorld.webhooks, eventNameStyle } });
      calcom.book({ eventTypeId: 123, startMs: at(20, 13), bookedBy: 'A' });
      const payload = bookingWebhook.parse(calcom.webhookFor(accepted[0]));
      expect(payload.triggerEvent).toBe(eventNameStyle === 'dotted' ? 'BOOKING.CREATED' : 'BOOKING_CREATED');
    }
  });

  it('a reservation hides the slot from everyone and lets only its holder book it, until it lapses', () => {
    const { calcom, clock } = fake();
    expect(calcom.reserve(123, at(20, 13), 'A')).toBe(true);
    expect(calcom.reserve(123, at(20, 13), 'B')).toBe(false);
    expect(calcom.slots(123, at(20, 13), at(20, 13)).data.slots).toEqual({});
    expect(calcom.book({ eventTypeId: 123, startMs: at(20, 13), bookedBy: 'B' }).httpStatus).toBe(409);
    clock.now += 5 * 60_000;
    expect(calcom.reserve(123, at(20, 13), 'B')).toBe(true);
    expect(calcom.book({ eventTypeId: 123, startMs: at(20, 13), bookedBy: 'B' }).httpStatus).toBe(201);
  });
});
