import { z } from 'zod';
import { isoUtc, ZonedCalendar } from '../core/zonedTime.ts';
import { InputError } from '../inputError.ts';
import type { CallRecord } from '../metrics/history.ts';
import { type Scenario } from '../scenario/scenario.ts';
import { bookingFunctions, outcomes, stepActions } from '../core/vocabulary.ts';
import { inputLines, isSafeId, parseInstant, type CallAction, type ExplicitExternalBooking, type SkipCounts } from './importRecords.ts';

/**
 * racesim's own timeline format, JSON Lines, one action per line:
 * `{"at": "2025-10-20T10:00:02.120Z", "call": "call_8f2", "action": "check_availability", "slot":
 * "2025-10-20T11:00:00Z", "eventType": 123, "latencyMs": 412, "outcome": "available"}`.
 * Times carry `Z` or an offset; `call` is required except for `external_booking`; `eventType`,
 * `latencyMs`, `outcome` and a booking's `via` (book_appointment, collect_appointment_data) are optional.
 * `racesim run --export-timeline` writes it.
 */

const INSTANT_WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;
const instant = z.string().regex(INSTANT_WITH_ZONE, 'expected an ISO 8601 time with Z or an offset');

const lineSchema = z.strictObject({
  at: instant,
  call: z.string().optional(),
  action: z.enum(stepActions),
  slot: instant,
  eventType: z.number().int().positive().optional(),
  latencyMs: z.number().int().nonnegative().optional(),
  outcome: z.enum(outcomes).optional(),
  via: z.enum(bookingFunctions).optional(),
});

const UTC = new ZonedCalendar('UTC');

export interface TimelineImport {
  readonly calls: CallAction[];
  readonly externals: ExplicitExternalBooking[];
}

export function readTimeline(file: { name: string; text: string }, skips: SkipCounts): TimelineImport {
  const calls: CallAction[] = [];
  const externals: ExplicitExternalBooking[] = [];
  inputLines(file.text).forEach((text, i) => {
    if (text.trim() === '') return;
    const source = { file: file.name, line: i + 1 };
    const line = parseLine(text, `${file.name}:${i + 1}`);
    const atMs = parseInstant(line.at, UTC);
    const slotMs = parseInstant(line.slot, UTC);
    if (atMs === undefined || slotMs === undefined) throw new InputError(`${file.name}:${i + 1}: ${atMs === undefined ? 'at' : 'slot'} is not a real date and time`);
    if (line.action === 'external_booking') return void externals.push({ atMs, slotMs, eventType: line.eventType, source });
    if (line.action === 'external_cancel' || line.action === 'external_reschedule' || line.action === 'cancel_booking' || line.action === 'reschedule_booking') return skips.skip('cancellations and reschedules (not imported)');
    if (!isSafeId(line.call)) return skips.skip('timeline lines without a call id');
    if (line.via !== undefined && line.action !== 'create_booking') throw new InputError(`${file.name}:${i + 1}: via: only a create_booking goes through a booking function, not ${line.action}`);
    calls.push({ callId: line.call, action: line.action, atMs, slotMs, source, endpoint: 'racesim timeline', eventType: line.eventType, latencyMs: line.latencyMs, outcome: line.outcome, ...(line.via ? { via: line.via } : {}) });
  });
  if (calls.length + externals.length === 0) throw new InputError(`${file.name}:1: no timeline line; expected JSON Lines {"at", "call", "action", "slot", "eventType", "latencyMs"}`);
  return { calls, externals };
}

function parseLine(text: string, where: string): z.output<typeof lineSchema> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError(`${where}: not JSON; expected a timeline line {"at", "call", "action", "slot", "eventType", "latencyMs"}`);
  }
  const parsed = lineSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InputError(`${where}: ${issue.path.join('.') || 'line'}: ${issue.message}`);
}

/** A finished run as timeline lines: each step at the instant it ran, with the slot it asked for and its outcome. */
export function timelineOfRun(scenario: Scenario, records: readonly CallRecord[]): string {
  const calendar = new ZonedCalendar(scenario.timezone);
  return [...records]
    .sort((a, b) => a.index - b.index)
    .map((record) => {
      const step = scenario.steps[record.index];
      return JSON.stringify({
        at: isoUtc(record.invokedAt),
        call: record.caller,
        action: record.action,
        slot: isoUtc(calendar.toUtc(step.slot)),
        eventType: record.eventType,
        ...(step.calcomLatencyMs === undefined ? {} : { latencyMs: step.calcomLatencyMs }),
        outcome: record.answer.outcome,
        ...(step.via ? { via: step.via } : {}),
      });
    })
    .map((line) => `${line}\n`)
    .join('');
}
