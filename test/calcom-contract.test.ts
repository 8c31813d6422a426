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
  it('GET /v2/slots/available: UTC times grouped by UTC date, business hours every slotMinutes, none begun', () => {
    const { calcom } = fake(); // at 10:00 Berlin
    const body = calcom.slots(123, at(20, 0), at(22, 0) - 1);
    expect(slotsAvailableResponse.parse(body)).toEqual(body);
    expect(body.data.slots['2025-10-20']).toHaveLength(16); // 10:00–17:30, 30 min: 09:00 and 09:30 have begun
    expect(body.data.slots['2025-10-20'][6].time).toBe('2025-10-20T11:00:00.000Z'); // 13:00 Berlin (CEST)
    expect(body.data.slots['2025-10-21']).toHaveLength(18); // 09:00–17:30 tomorrow
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

  it('a slot begun or inside the minimum notice: 400 with booking_time_out_of_bounds_error in the v2 envelope, whatever conflictStatus', () => {
    const world = { ...defaultWorld, calcom: { ...defaultWorld.calcom, eventTypes: [{ id: 123, lengthInMinutes: 30, beforeEventBuffer: 0, afterEventBuffer: 0, minimumBookingNotice: 60 }] } };
    const { calcom } = fake(world);
    for (const startMs of [at(20, 9), at(20, 10, 30)]) {
      const response = calcom.book({ eventTypeId: 123, startMs, bookedBy: 'A' });
      expect(response.httpStatus).toBe(400);
      expect(errorResponse.parse(response.body).error).toEqual({ code: 'BadRequestException', message: 'booking_time_out_of_bounds_error' });
    }
    expect(slotsAvailableResponse.parse(calcom.slots(123, at(20, 0), at(21, 0) - 1)).data.slots['2025-10-20'][0].time).toBe('2025-10-20T09:00:00.000Z'); // 11:00 Berlin
  });

  it('a booking lasts its event type\'s length: end and duration in the 201 and end in the webhook', () => {
    const world = { ...defaultWorld, calcom: { ...defaultWorld.calcom, eventTypes: [{ id: 123, lengthInMinutes: 90, beforeEventBuffer: 0, afterEventBuffer: 0, minimumBookingNotice: 0 }] } };
    const { calcom, accepted } = fake(world);
    const created = bookingCreatedResponse.parse(calcom.book({ eventTypeId: 123, startMs: at(20, 13), bookedBy: 'A' }).body);
    expect(created.data).toMatchObject({ start: '2025-10-20T11:00:00.000Z', end: '2025-10-20T12:30:00.000Z', duration: 90 });
    expect(bookingWebhook.parse(calcom.webhookFor(accepted[0])).payload.endTime).toBe('2025-10-20T12:30:00.000Z');
  });

  it('webhook times in either format, and the cancellation and reschedule webhooks, parse', () => {
    const { calcom, accepted } = fake({ ...defaultWorld, webhooks: { ...defaultWorld.webhooks, timeFormat: 'seconds' } });
    calcom.book({ eventTypeId: 123, startMs: at(20, 13), bookedBy: 'A' });
    expect(bookingWebhook.parse(calcom.webhookFor(accepted[0])).payload.startTime).toBe('2025-10-20T11:00:00Z');
    const moved = calcom.reschedule(123, at(20, 13), at(20, 14));
    expect(typeof moved).toBe('object');
    calcom.cancel(123, at(20, 14));
    for (const trigger of ['rescheduled', 'cancelled'] as const) expect(bookingWebhook.parse(calcom.webhookFor(calcom.ledger[1], trigger)).triggerEvent).toMatch(/^BOOKING_/);
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
