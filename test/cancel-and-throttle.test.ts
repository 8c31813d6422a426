import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { readFileSync } from 'node:fs';
import type { VariantName } from '../sim/systems/askproai/catalog.ts';
import { WebhookThrottle } from '../sim/systems/askproai/webhookThrottle.ts';
import { parseProperties } from '../sim/explore/properties.ts';

const path = (name: string) => new URL(`../scenarios/askproai/${name}`, import.meta.url).pathname;
const run = (name: string, fix: VariantName) => runScenario(loadScenarioFile(path(name)), { fix, seed: 1 });
const notes = (events: readonly { kind: string; by: string; text?: string }[], by: string) =>
  events.filter((e) => e.kind === 'note' && e.by === by).map((e) => e.text);

describe('a booking cancelled on Cal.com\'s page', () => {
  it('frees the slot at Cal.com at once: the oracle judges later answers against the freed slot', () => {
    const { report, outcome } = run('cancel-webhook-clears.yaml', 'on');
    expect(report.steps[2]).toMatchObject({ action: 'external_cancel', outcome: 'cancelled' });
    expect(outcome.ledger[0].cancelled).toBeDefined();
    expect(report.steps[3]).toMatchObject({ outcome: 'available', truth: 'free', servedBy: 'calcom' });
    expect(report.steps[4]).toMatchObject({ outcome: 'booked', slot: '2025-10-20 13:00' });
  });

  it('seed: the cancellation webhook clears the Layer 2 window under "on"; under "off" B hears "unavailable" for the free slot', () => {
    const { report, events } = run('cancel-webhook-clears.yaml', 'off');
    expect(report.steps[3]).toMatchObject({ outcome: 'unavailable', truth: 'free', servedBy: 'layer2' });
    expect(report.steps[4].alternativeFor).toBe('2025-10-20 13:00');
    expect(events.some((e) => e.kind === 'calcom.cancelled' && e.uid === 'booking-1')).toBe(true);
    expect(notes(events, 'webhook:booking-1:cancelled')).toContain('webhook.received BOOKING_CANCELLED booking=booking-1');
  });

  it("the code's profile answers Cal.com's BOOKING_CANCELLED 422, saying why, and clears nothing", () => {
    for (const fix of ['off', 'on'] as const) {
      const { report, events } = run('cancel-webhook-rejected.yaml', fix);
      expect(notes(events, 'webhook:booking-1:cancelled')).toEqual([
        'webhook.rejected BOOKING_CANCELLED booking=booking-1 -> 422 (only dotted trigger names are accepted)',
      ]);
      expect(events.some((e) => e.kind === 'cache.forget' && e.by.startsWith('webhook:'))).toBe(false);
      expect(report.steps[3]).toMatchObject({ outcome: 'unavailable', truth: 'free', servedBy: 'layer1' });
    }
  });

  it('the dotted BOOKING.CANCELLED is accepted and clears Layer 2, but not the hourly Layer 1 entry the check reads', () => {
    const { report, events } = run('cancel-webhook-dotted-clears-nothing.yaml', 'on');
    expect(notes(events, 'webhook:booking-1:cancelled')).toContain('webhook.received BOOKING.CANCELLED booking=booking-1');
    const cleared = events.filter((e) => e.kind === 'cache.forget' && e.by === 'webhook:booking-1:cancelled').map((e) => ('key' in e ? e.key : ''));
    expect(cleared.length).toBeGreaterThan(0);
    expect(cleared.every((key) => key.startsWith('cal_slots_'))).toBe(true);
    expect(report.steps[3]).toMatchObject({ outcome: 'unavailable', truth: 'free', servedBy: 'layer1' });
    expect(report.steps[4]).toMatchObject({ outcome: 'available', servedBy: 'calcom' });
  });

  it('cancelling a slot nobody holds is Cal.com\'s 404 and sends no webhook', () => {
    const text = readFileSync(path('cancel-webhook-clears.yaml'), 'utf8').replace(/  - \{ at: "10:00:00", caller: page, action: external_booking.*\n/, '').replace(/expect:[\s\S]*$/, '');
    const { report, events } = runScenario(parseScenario(text, 'no-booking.yaml'), { fix: 'on', seed: 1 });
    expect(report.steps[1]).toMatchObject({ action: 'external_cancel', outcome: 'error', httpStatus: 404 });
    expect(events.some((e) => e.by.endsWith(':cancelled'))).toBe(false);
  });
});

describe("the webhook route's throttle:60,1 (askproai-34a0115)", () => {
  it('answers the 61st webhook of a minute 429, clearing nothing, so the entry it would have cleared survives', () => {
    const { report, events } = run('webhook-throttle.yaml', 'on');
    expect(notes(events, 'webhook:booking-61')).toEqual(['webhook.rejected BOOKING.CREATED booking=booking-61 -> 429 (over throttle:60,1)']);
    expect(events.filter((e) => e.kind === 'note' && e.text.startsWith('webhook.received')).length).toBe(60);
    expect(report.metrics.keysForgotten).toBe(60 * 70);
    expect(report.cache.live).toContain('cal_slots_1_0_123_2025-10-21-12_2025-10-21-13');
  });

  it('lets the 61st through once the minute that the first webhook opened has passed', () => {
    // The first booking two minutes earlier: its webhook's minute is over before the other 60 arrive.
    const text = readFileSync(path('webhook-throttle.yaml'), 'utf8')
      .replace('start: "2025-10-20 08:00:00"', 'start: "2025-10-20 07:58:00"')
      .replace('at: "08:00:00.000"', 'at: "07:58:00.000"')
      .replace(/expect:[\s\S]*$/, '');
    const { report } = runScenario(parseScenario(text, 'throttle-later.yaml'), { fix: 'on', seed: 1 });
    expect(report.metrics.keysForgotten).toBe(61 * 70);
    expect(report.cache.live).not.toContain('cal_slots_1_0_123_2025-10-21-12_2025-10-21-13');
  });

  it("a cancellation webhook clears only for a booking the app has an appointment for: the 61st booking's was never recorded", () => {
    // Both cancellations a minute later, so the route lets their webhooks through.
    const text = readFileSync(path('webhook-throttle.yaml'), 'utf8').replace(
      /expect:[\s\S]*$/,
      '  - { at: "08:01:30", caller: page, action: external_cancel, slot: "2025-10-24 12:00" }\n' +
        '  - { at: "08:01:40", caller: page, action: external_cancel, slot: "2025-10-24 11:30" }\n',
    );
    const scenario = parseScenario(text, 'cancel-unrecorded.yaml');
    const forgetsBy = (events: readonly { kind: string; by: string }[], by: string) => events.filter((e) => e.kind === 'cache.forget' && e.by === by).length;
    const code = runScenario(scenario, { fix: 'on', seed: 1 }).events;
    expect(notes(code, 'webhook:booking-61:cancelled')).toEqual([
      'webhook.received BOOKING.CANCELLED booking=booking-61',
      'webhook.ignored BOOKING.CANCELLED booking=booking-61: no appointment for it, nothing cleared',
    ]);
    expect(forgetsBy(code, 'webhook:booking-61:cancelled')).toBe(0);
    expect(forgetsBy(code, 'webhook:booking-60:cancelled')).toBeGreaterThan(0);
    const seed = runScenario(scenario, { fix: 'on', seed: 1, profile: 'seed' }).events;
    expect(forgetsBy(seed, 'webhook:booking-61:cancelled')).toBeGreaterThan(0);
  });

  it('counts a fixed window from its first hit; rejected requests do not count', () => {
    const throttle = new WebhookThrottle(2);
    expect([0, 10, 20, 59_999].map((t) => throttle.admit(t, 'calcom'))).toEqual([true, true, false, false]);
    expect([60_000, 60_001, 60_002].map((t) => throttle.admit(t, 'calcom'))).toEqual([true, true, false]);
  });

  it('the seed profile has no throttle: all 61 webhooks clear', () => {
    const text = readFileSync(path('webhook-throttle.yaml'), 'utf8').replace('profile: askproai-34a0115', 'profile: seed').replace(/expect:[\s\S]*$/, '');
    const { events } = runScenario(parseScenario(text, 'throttle-seed.yaml'), { fix: 'on', seed: 1 });
    expect(events.some((e) => e.kind === 'note' && e.text.includes('-> 429'))).toBe(false);
    expect(events.filter((e) => e.kind === 'note' && e.text.startsWith('webhook.received')).length).toBe(61);
  });
});

describe("a booking moved on Cal.com's page (reschedule)", () => {
  it('takes the new slot under a new uid, frees the old one, and sends BOOKING_RESCHEDULED for the new booking', () => {
    const { report, outcome, events } = run('reschedule-webhook.yaml', 'on');
    expect(outcome.ledger.slice(0, 2).map((b) => [b.uid, b.cancelled !== undefined])).toEqual([
      ['booking-1', true],
      ['booking-2', false],
    ]);
    expect(notes(events, 'webhook:booking-2:rescheduled')[0]).toBe('webhook.received BOOKING_RESCHEDULED booking=booking-2');
    expect(report.steps[3]).toMatchObject({ outcome: 'unavailable', truth: 'taken', servedBy: 'calcom' });
    expect(report.steps[5]).toMatchObject({ outcome: 'available', truth: 'free' });
  });

  it("the code's profile rejects BOOKING_RESCHEDULED with 422 and accepts the dotted BOOKING.RESCHEDULED", () => {
    const seedText = readFileSync(path('reschedule-webhook.yaml'), 'utf8').replace(/expect:[\s\S]*$/, '');
    const code = seedText.replace('profile: seed', 'profile: askproai-34a0115');
    const rejected = runScenario(parseScenario(code, 'code.yaml'), { fix: 'on', seed: 1 }).events;
    expect(notes(rejected, 'webhook:booking-2:rescheduled')).toEqual(['webhook.rejected BOOKING_RESCHEDULED booking=booking-2 -> 422 (only dotted trigger names are accepted)']);
    const dotted = code.replace('steps:', 'world: { webhooks: { eventNameStyle: dotted } }\nsteps:');
    const accepted = runScenario(parseScenario(dotted, 'dotted.yaml'), { fix: 'on', seed: 1 }).events;
    expect(notes(accepted, 'webhook:booking-2:rescheduled')[0]).toBe('webhook.received BOOKING.RESCHEDULED booking=booking-2');
  });

  it('a reschedule step needs to:, and no other step takes one (exit-2 input errors naming the field)', () => {
    const base = readFileSync(path('reschedule-webhook.yaml'), 'utf8').replace(/expect:[\s\S]*$/, '');
    expect(() => parseScenario(base.replace(', to: "2025-10-20 14:00"', ''), 'bad.yaml')).toThrow(/bad\.yaml:\d+: steps\.2\.action: external_reschedule needs to:/);
    expect(() => parseScenario(base.replace('slot: "2025-10-20 14:00" }', 'slot: "2025-10-20 14:00", to: "2025-10-20 15:00" }'), 'bad.yaml')).toThrow(/steps\.1\.to: only reschedule_booking and external_reschedule take to: \(the slot the booking moves to\), not check_availability$/);
    expect(() => parseScenario(base.replace('to: "2025-10-20 14:00"', 'to: "2025-10-20 14:10"'), 'bad.yaml')).toThrow(/steps\.2\.to: 2025-10-20 14:10 is off the 30-minute slot grid/);
  });
});

describe('no-double-booking with cancellations', () => {
  it('a slot booked again after its booking was cancelled on Cal.com\'s page is not a double booking', () => {
    const property = parseProperties('no-double-booking')[0];
    const run_ = run('cancel-webhook-clears.yaml', 'on');
    expect(run_.outcome.ledger.filter((b) => b.startMs === run_.outcome.ledger[0].startMs)).toHaveLength(2);
    expect(property.check(run_)).toBeNull();
  });
});

describe('a booking cancelled through the agent', () => {
  it('the app clears nothing itself; on the code\'s profile the refused webhook leaves a false "unavailable"', () => {
    const { report, trace } = run('agent-cancel-clears-nothing.yaml', 'on');
    expect(report.steps.map((s) => s.outcome)).toEqual(['booked', 'unavailable', 'cancelled', 'unavailable']);
    expect(report.steps[3]).toMatchObject({ truth: 'free', servedBy: 'layer1' });
    const lines = trace.join('\n');
    expect(lines).toContain('calcom.cancel eventType=123 start=2025-10-20T13:00:00.000Z -> 200');
    expect(lines).toMatch(/webhook\.rejected BOOKING_CANCELLED .* -> 422/);
    expect(trace.filter((l) => l.includes('invalidate.'))).toEqual([]);
    expect(report.metrics.bookingAttempts).toBe(1); // a cancellation is a call, not a booking attempt
  });

  it('on the seed profile Cal.com\'s webhook clears, and the next caller hears the freed slot', () => {
    const scenario = loadScenarioFile(path('agent-cancel-clears-nothing.yaml'));
    const { report } = runScenario(scenario, { fix: 'on', seed: 1, profile: 'seed' });
    expect(report.steps[3]).toMatchObject({ outcome: 'available', truth: 'free' });
  });

  it('a cancellation of a slot nobody holds is an error', () => {
    const scenario = loadScenarioFile(path('agent-cancel-clears-nothing.yaml'));
    const { report } = runScenario({ ...scenario, steps: scenario.steps.filter((s) => s.action === 'cancel_booking').map((s, index) => ({ ...s, index })) }, { fix: 'on', seed: 1 });
    expect(report.steps[0].outcome).toBe('error');
  });
});
