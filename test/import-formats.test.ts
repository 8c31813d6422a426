import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiBooking, apiCheck, jsonLines, logLine, runImport, tempDir, writeInput } from './support/importCli.ts';

const fixtures = new URL('./fixtures/import/', import.meta.url).pathname;
const A = 'call_aa11bb22cc33';
const B = 'call_dd44ee55ff66';
/** A checks and books 13:00 Berlin (11:00Z); B checks it. Log times are UTC. */
const twoCalls = [
  apiCheck('2025-10-20 08:00:00', A, '2025-10-20', '13:00'),
  apiCheck('2025-10-20 08:00:02', B, '2025-10-20', '13:00'),
  apiBooking('2025-10-20 08:00:05', A, '2025-10-20', '13:00'),
  logLine('2025-10-20 08:00:05', '📅 Cal.com booking response received', { booking_id: 'bk_1', call_id: A }),
].join('\n');
const webhookBody = (uid: string, createdAt: string, startTime: string, trigger = 'BOOKING_CREATED') => ({
  triggerEvent: trigger,
  createdAt,
  payload: { uid, bookingId: 7, eventTypeId: 123, startTime, endTime: startTime.replace(':00:00', ':30:00'), attendees: [{ name: 'Kim Muster', email: 'kim@example.com' }] },
});

describe('racesim import: each input format', () => {
  it("the app's Laravel log: both controllers' lines, the handler's timings and slot matches; other lines counted", () => {
    const dir = tempDir();
    const { code, scenario, yaml, stdout } = runImport({ log: [join(fixtures, 'personal-data.log')], out: join(dir, 'out.yaml') });
    expect(code).toBe(0);
    expect(scenario.steps.map((s) => [s.caller, s.action, `${s.slot.hour}:${s.slot.minute}`, s.calcomLatencyMs])).toEqual([
      ['A', 'check_availability', '16:0', 656],
      ['A', 'create_booking', '16:30', undefined],
    ]);
    expect(scenario.world.services.map((s) => s.eventType)).toEqual([2031]);
    expect(scenario.expect.on).toEqual([
      { step: 0, outcome: 'unavailable', servedBy: 'calcom' },
      { step: 1, outcome: 'booked' },
    ]);
    expect(scenario.steps[1].via).toBe('book_appointment');
    expect(yaml).toContain('# call_5d0e7a1b9c3f24e8a6d2 · personal-data.log:2 · RetellFunctionCallHandler');
    expect(stdout).toMatch(/left out \d+ lines or records, by reason/);
    expect(stdout).toContain('check_availability lines without a call id');
    expect(stdout).toContain('lines of other messages');
  });

  it('webhook_events rows: the agent\'s own booking is matched, not repeated; the webhook delay and dotted names come from the rows', () => {
    const dir = tempDir();
    const row = (uid: string, createdAt: string, start: string, receivedAt: string) => ({
      id: 1, source: 'calcom', event_type: 'BOOKING.CREATED', payload: webhookBody(uid, createdAt, start, 'BOOKING.CREATED'), created_at: receivedAt, status: 'processed', response_code: 200,
    });
    const webhooks = writeInput(dir, 'webhook_events.jsonl', jsonLines([
      row('bk_1', '2025-10-20T08:00:05.000Z', '2025-10-20T11:00:00.000Z', '2025-10-20 08:00:06'),
      row('bk_2', '2025-10-20T08:00:03.000Z', '2025-10-20T12:00:00.000Z', '2025-10-20 08:00:05.500'),
      { id: 3, source: 'retell', event_type: 'call.ended', payload: {}, created_at: '2025-10-20 08:00:09' },
    ]));
    const { scenario, yaml, stdout } = runImport({ log: [writeInput(dir, 'laravel.log', twoCalls)], webhooks: [webhooks], out: join(dir, 'out.yaml') });
    expect(scenario.steps.map((s) => `${s.caller} ${s.action}`)).toEqual(['A check_availability', 'B check_availability', 'page-1 external_booking', 'A create_booking']);
    expect(scenario.world.webhooks).toMatchObject({ delayMs: 1000, eventNameStyle: 'dotted' });
    expect(scenario.expect.on).toEqual([{ step: 3, outcome: 'booked' }]);
    expect(yaml).toContain("booked on Cal.com's own page · webhook_events.jsonl:2 (createdAt)");
    expect(stdout).toContain('webhook_events rows of other sources');
  });

  it("raw Cal.com webhook bodies: underscore names, Cal.com's createdAt as the external booking's time", () => {
    const dir = tempDir();
    const bodies = writeInput(dir, 'bodies.json', JSON.stringify([
      webhookBody('bk_1', '2025-10-20T08:00:05.000Z', '2025-10-20T11:00:00.000Z'),
      webhookBody('bk_3', '2025-10-20T08:00:01.250Z', '2025-10-20T11:00:00.000Z'),
      { triggerEvent: 'BOOKING_CANCELLED', createdAt: '2025-10-20T08:00:09.000Z', payload: { uid: 'bk_3' } },
    ]));
    const { scenario, yaml } = runImport({ log: [writeInput(dir, 'laravel.log', twoCalls)], webhooks: [bodies], out: join(dir, 'out.yaml') });
    expect(scenario.steps.map((s) => `${s.caller} ${s.action}`)).toEqual(['A check_availability', 'page-1 external_booking', 'B check_availability', 'A create_booking']);
    expect(scenario.steps[1].atMs).toBe(Date.parse('2025-10-20T08:00:01.250Z'));
    expect(scenario.world.webhooks.eventNameStyle).toBe('underscore');
    expect(yaml).toContain('Webhook delay: none in the records');
  });

  it("Cal.com's bookings list (GET /v2/bookings): accepted bookings only; the agent's own stays a create_booking step", () => {
    const dir = tempDir();
    const list = writeInput(dir, 'bookings.json', JSON.stringify({
      status: 'success',
      data: [
        { uid: 'bk_1', start: '2025-10-20T11:00:00.000Z', eventTypeId: 123, createdAt: '2025-10-20T08:00:05.300Z', status: 'accepted' },
        { uid: 'bk_4', start: '2025-10-20T12:30:00.000Z', eventTypeId: 123, createdAt: '2025-10-20T08:00:04.000Z', status: 'accepted' },
        { uid: 'bk_5', start: '2025-10-20T13:00:00.000Z', eventTypeId: 123, createdAt: '2025-10-20T08:00:04.000Z', status: 'cancelled' },
      ],
    }));
    const { scenario, stdout } = runImport({ log: [writeInput(dir, 'laravel.log', twoCalls)], webhooks: [list], out: join(dir, 'out.yaml') });
    expect(scenario.steps.filter((s) => s.action === 'external_booking').map((s) => `${s.slot.hour}:${s.slot.minute}`)).toEqual(['14:30']);
    expect(scenario.steps.filter((s) => s.action === 'create_booking')).toHaveLength(1);
    expect(stdout).toContain('bookings not accepted');
  });

  it('racesim timeline JSON Lines: latencies and outcomes kept, explicit external bookings', () => {
    const dir = tempDir();
    const events = writeInput(dir, 'timeline.jsonl', jsonLines([
      { at: '2025-10-20T10:00:02.120+02:00', call: 'call_8f2', action: 'check_availability', slot: '2025-10-20T11:00:00Z', eventType: 123, latencyMs: 412, outcome: 'available' },
      { at: '2025-10-20T08:00:03Z', action: 'external_booking', slot: '2025-10-20T11:00:00Z', eventType: 123 },
    ]));
    const { scenario, yaml } = runImport({ events: [events], out: join(dir, 'out.yaml') });
    expect(scenario.steps.map((s) => [s.atMs, s.caller, s.calcomLatencyMs])).toEqual([
      [Date.parse('2025-10-20T08:00:02.120Z'), 'A', 412],
      [Date.parse('2025-10-20T08:00:03Z'), 'page-1', undefined],
    ]);
    expect(yaml).toContain('at: "10:00:02.120"');
    expect(scenario.expect.on).toEqual([{ step: 0, outcome: 'available' }]);
  });

  it('--call keeps one call; the bookings of calls left out become external bookings, said so', () => {
    const dir = tempDir();
    const rows = jsonLines([{ source: 'calcom', event_type: 'BOOKING.CREATED', payload: webhookBody('bk_1', '2025-10-20T08:00:05.000Z', '2025-10-20T11:00:00.000Z', 'BOOKING.CREATED'), created_at: '2025-10-20 08:00:06' }]);
    const { scenario, yaml } = runImport({ log: [writeInput(dir, 'laravel.log', twoCalls)], webhooks: [writeInput(dir, 'w.jsonl', rows)], call: [B], out: join(dir, 'out.yaml') });
    expect(scenario.steps.map((s) => `${s.caller} ${s.action}`)).toEqual(['A check_availability', 'page-1 external_booking']);
    expect(yaml).toContain(`booked by call ${A}, left out by --call`);
  });

  it('--hash-ids writes no call id, only its hash', () => {
    const dir = tempDir();
    const { yaml } = runImport({ log: [writeInput(dir, 'laravel.log', twoCalls)], hashIds: true, out: join(dir, 'out.yaml') });
    expect(yaml).not.toContain(A);
    expect(yaml).toMatch(/# call-[0-9a-f]{12} · laravel\.log:1/);
    expect(readFileSync(join(dir, 'out.yaml'), 'utf8')).toBe(yaml);
  });
});

describe("the function-call handler's other ways to name a date (DateTimeParser::parseDateTime)", () => {
  it('relative_day (a weekday is the next one, 1 to 7 days on) and datetime', () => {
    const dir = tempDir();
    const call = (time: string, callId: string, parameters: Record<string, unknown>) =>
      logLine(time, '🔧 Function call received from Retell', { function: 'check_availability', parameters: { call_id: callId, ...parameters }, call_id: callId });
    const log = writeInput(dir, 'l.log', [
      call('2025-10-23 08:00:00', 'call_r1', { relative_day: 'morgen', time: '10:00' }),
      call('2025-10-23 08:00:01', 'call_r2', { relative_day: 'Donnerstag', time: '11:30' }), // on a Thursday: next week's
      call('2025-10-23 08:00:02', 'call_r3', { datetime: '2025-10-27T09:00:00' }),
    ].join('\n'));
    const { scenario } = runImport({ log: [log], out: join(dir, 'o.yaml') });
    expect(scenario.steps.map((s) => `${s.slot.month}-${s.slot.day} ${s.slot.hour}:${s.slot.minute}`)).toEqual(['10-24 10:0', '10-30 11:30', '10-27 9:0']);
  });
});

describe('collect_appointment_data and the finder, as their lines say', () => {
  const collect = (time: string, callId: string, uhrzeit: string, bestaetigung: boolean | null) =>
    logLine(time, '📅 Collect appointment data extracted', { datum: '20.10.2025', uhrzeit, name: 'Kim Muster', dienstleistung: 'Beratung', call_id: callId, bestaetigung });

  it('a confirmed collect call is a booking through it: taken at its check, or booked; its check-only call is counted, and its lines do not reach the booking', () => {
    const dir = tempDir();
    const log = writeInput(dir, 'l.log', [
      collect('2025-10-20 08:00:00', 'call_c1', '13:00', true),
      logLine('2025-10-20 08:00:01', '✅ Appointment record created from Cal.com booking', { appointment_id: 7, call_id: 311, booking_id: 'bk_x', customer: 'Kim Muster', starts_at: '2025-10-20 13:00' }),
      collect('2025-10-20 08:01:00', 'call_c2', '14:00', true),
      collect('2025-10-20 08:01:30', 'call_c3', '15:00', false),
      logLine('2025-10-20 08:01:31', '❌ Exact requested time NOT available in Cal.com', { requested: '15:00', total_slots: 0, available_times: [] }),
      logLine('2025-10-20 08:01:32', '❌ Exact requested time NOT available in Cal.com', { requested: '14:00', total_slots: 0, available_times: [] }),
    ].join('\n'));
    const { scenario, stdout } = runImport({ log: [log], out: join(dir, 'o.yaml') });
    expect(scenario.steps.map((s) => `${s.caller} ${s.action} ${s.via}`)).toEqual(['A create_booking collect_appointment_data', 'B create_booking collect_appointment_data']);
    expect(scenario.expect.on).toEqual([{ step: 0, outcome: 'booked' }]); // C's check-only line is not B's answer
    expect(stdout).toMatch(/^ +1 {2}collect_appointment_data calls without bestaetigung: true/m);
  });

  it("an API controller check that runs the finder was answered unavailable, with the finder's times", () => {
    const dir = tempDir();
    const log = writeInput(dir, 'l.log', [
      apiCheck('2025-10-20 08:00:00', A, '2025-10-20', '13:00'),
      logLine('2025-10-20 08:00:00', '🔍 Searching for appointment alternatives', { desired: '2025-10-20 13:00', duration: 60, eventTypeId: 123, customer_id: null }),
      logLine('2025-10-20 08:00:01', '✅ Found alternatives', { count: 2, slots: ['2025-10-20 12:30', '2025-10-20 13:30'] }),
    ].join('\n'));
    const { scenario } = runImport({ log: [log], out: join(dir, 'o.yaml') });
    expect(scenario.world.services[0].eventType).toBe(123);
    expect(scenario.expect.on[0]).toMatchObject({ step: 0, outcome: 'unavailable' });
    expect(scenario.expect.on[0]).toMatchObject({ alternatives: ['12:30', '13:30'] });
  });
});
