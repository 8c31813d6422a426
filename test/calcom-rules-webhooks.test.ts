import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WebhookPayload } from '../sim/calcom/shapes.ts';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { WebhookThrottle } from '../sim/systems/askproai/webhookThrottle.ts';
import { webhookRejection } from '../sim/systems/askproai/webhookRequest.ts';
import { World } from '../sim/world.ts';
import { defaultWorld } from '../sim/worldConfig.ts';

const path = (name: string) => new URL(`../scenarios/calcom/${name}`, import.meta.url).pathname;
type Events = readonly { kind: string; by: string; text?: string }[];
const notesWith = (events: Events, text: string) => events.filter((e) => e.kind === 'note' && e.text?.includes(text)).map((e) => e.text!);

const payload = (startTime: string, triggerEvent: WebhookPayload['triggerEvent'] = 'BOOKING.CREATED'): WebhookPayload => ({
  triggerEvent,
  createdAt: '2025-10-20T10:00:00.000Z',
  payload: { uid: 'booking-1', bookingId: 1, eventTypeId: 123, startTime, endTime: '2025-10-20T11:30:00.000Z', status: 'ACCEPTED' },
});

describe('CalcomWebhookRequest: payload.startTime and endTime in Y-m-d\\TH:i:s.v\\Z (lines 61-62)', () => {
  it('accepts milliseconds and a literal Z; refuses a time without milliseconds, with an offset, or an underscore trigger', () => {
    expect(webhookRejection(payload('2025-10-20T11:00:00.000Z'))).toBeNull();
    expect(webhookRejection(payload('2025-10-20T11:00:00Z'))).toMatch(/^payload\.startTime 2025-10-20T11:00:00Z does not match/);
    expect(webhookRejection(payload('2025-10-20T11:00:00.000+00:00'))).toMatch(/^payload\.startTime/);
    expect(webhookRejection(payload('2025-10-20T11:00:00.000Z', 'BOOKING_CREATED'))).toBe('only dotted trigger names are accepted');
  });

  it('webhook-time-format.yaml: both webhooks are answered 422 and clear nothing; in milliseconds both clear', () => {
    const seconds = runScenario(loadScenarioFile(path('webhook-time-format.yaml')), { fix: 'on', seed: 1 }).events;
    expect(notesWith(seconds, '-> 422 (payload.startTime')).toHaveLength(2);
    expect(notesWith(seconds, 'invalidate.webhook')).toEqual([]);
    const text = readFileSync(path('webhook-time-format.yaml'), 'utf8').replace('timeFormat: seconds', 'timeFormat: milliseconds');
    const milliseconds = runScenario(parseScenario(text, 'ms.yaml'), { fix: 'on', seed: 1 }).events;
    expect(notesWith(milliseconds, 'webhook.received')).toHaveLength(2);
    expect(notesWith(milliseconds, 'invalidate.webhook')).toHaveLength(2);
  });
});

describe('the webhook throttle: one counter per sending address, shared by both routes', () => {
  it('a second address has a counter of its own', () => {
    const throttle = new WebhookThrottle(1);
    expect([throttle.admit(0, 'a'), throttle.admit(1, 'a'), throttle.admit(2, 'b'), throttle.admit(3, 'b')]).toEqual([true, false, true, false]);
  });

  it('webhook-throttle-per-sender.yaml: the 31st booking\'s two deliveries are the 61st and 62nd of the minute, 429 on both routes', () => {
    const { events } = runScenario(loadScenarioFile(path('webhook-throttle-per-sender.yaml')), { fix: 'on', seed: 1 });
    expect(notesWith(events, '-> 429')).toEqual([
      'webhook.rejected BOOKING.CREATED booking=booking-31 -> 429 (over throttle:60,1 from calcom on /api/calcom/webhook)',
      'webhook.rejected BOOKING.CREATED booking=booking-31 -> 429 (over throttle:60,1 from calcom on /api/webhooks/calcom)',
    ]);
  });

  it('the same webhooks from two addresses: each counter stays under 60, nothing is throttled', () => {
    const text = readFileSync(path('webhook-throttle-per-sender.yaml'), 'utf8').replace('/api/webhooks/calcom] }', '/api/webhooks/calcom], senderIps: [203.0.113.1, 203.0.113.2] }');
    const { events } = runScenario(parseScenario(text, 'two-senders.yaml'), { fix: 'on', seed: 1 });
    expect(notesWith(events, 'webhook.received')).toHaveLength(62);
    expect(notesWith(events, '-> 429')).toEqual([]);
  });
});

describe('handleBookingCancelled looks the appointment up by $payload[\'id\'] ?? $payload[\'uid\'] (CalcomWebhookController 467)', () => {
  const startMs = Date.UTC(2025, 9, 20, 10);
  const cancelled = (id?: number): WebhookPayload => ({
    triggerEvent: 'BOOKING.CANCELLED',
    createdAt: '2025-10-20T10:00:10.000Z',
    payload: { ...(id === undefined ? {} : { id }), uid: 'booking-1', bookingId: 1, eventTypeId: 123, startTime: '2025-10-20T13:00:00.000Z', endTime: '2025-10-20T13:30:00.000Z', status: 'CANCELLED' },
  });
  function cancelNotes(body: WebhookPayload): string[] {
    const config = { ...defaultWorld, checkEndpoint: 'function-call' as const, webhooks: { ...defaultWorld.webhooks, eventNameStyle: 'dotted' as const } };
    const world = new World({ config, timezone: 'UTC', startMs, profile: 'askproai-34a0115', variant: 'on', seed: 1, trace: true });
    world.spawnCall(startMs, { index: 0, caller: 'page', action: 'external_booking', service: 0, slot: { year: 2025, month: 10, day: 20, hour: 13, minute: 0, second: 0, ms: 0 } });
    world.sim.spawn(startMs + 10_000, 'webhook:booking-1:cancelled', world.system.receiveWebhook(body, { route: '/api/calcom/webhook', senderIp: 'calcom' }));
    const events = world.run().trace!.events as Events;
    return events.filter((e) => e.by === 'webhook:booking-1:cancelled' && e.kind === 'note').map((e) => e.text!);
  }

  it('Cal.com\'s payload carries no id: the uid the BOOKING.CREATED row was written under is found and the cancellation clears', () => {
    expect(cancelNotes(cancelled())[0]).toBe('webhook.received BOOKING.CANCELLED booking=booking-1');
    expect(cancelNotes(cancelled()).some((n) => n.startsWith('invalidate.webhook'))).toBe(true);
  });

  it('a body that carries a numeric id is looked up by it, finds no row (rows are keyed by uid) and clears nothing', () => {
    expect(cancelNotes(cancelled(1))).toContain('webhook.ignored BOOKING.CANCELLED booking=booking-1: no appointment for it, nothing cleared');
  });
});
