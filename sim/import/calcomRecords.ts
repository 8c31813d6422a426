import { ZonedCalendar } from '../core/zonedTime.ts';
import { InputError } from '../inputError.ts';
import { describeSource, inputLines, parseInstant, type CalcomBooking, type SkipCounts, type SourceRef } from './importRecords.ts';

/**
 * Reads Cal.com's side of an incident in any of three real shapes: the app's `webhook_events` table as
 * JSON Lines (`source`, `event_type`, `payload` = the webhook body, `created_at`, `status`,
 * `response_code`), raw webhook bodies as Cal.com sends them (`triggerEvent`, `createdAt`,
 * `payload{uid, bookingId, eventTypeId, startTime, endTime}`), one per line or as one JSON document, or
 * a `GET /v2/bookings` response (`data[]` of `uid`, `start`, `eventTypeId`, `createdAt`, `status`).
 * Only creations are kept; of each, only its start, event type and times.
 */

type Json = Record<string, unknown>;
type Shape = 'webhook_events row' | 'webhook body' | 'booking';

const EXPECTED =
  'expected webhook_events rows (source, event_type, payload, created_at), Cal.com webhook bodies (triggerEvent, createdAt, payload) or a GET /v2/bookings response (data[] with uid, start, eventTypeId, createdAt)';
const UTC = new ZonedCalendar('UTC');

export function readCalcomRecords(file: { name: string; text: string }, appZone: ZonedCalendar, skips: SkipCounts): CalcomBooking[] {
  // JSON Lines when every line parses alone; otherwise one (pretty-printed) document.
  const lines = inputLines(file.text).flatMap((text, i) => (text.trim() ? [{ value: parseJson(text.trim()), line: i + 1 }] : []));
  const documents = lines.every((l) => l.value !== undefined) ? lines : [{ value: parseJson(file.text.trim()), line: lines[0]?.line ?? 1 }];
  const entries = documents.flatMap(({ value, line }) =>
    documentEntries(value).map(([item, entry]) => ({ value: entry, source: { file: file.name, line, item: item || undefined } as SourceRef })),
  );
  if (entries.length === 0) throw new InputError(`${file.name}:1: empty; ${EXPECTED}`);
  const shape = shapeOf(entries[0].value);
  if (!shape) throw new InputError(`${describeSource(entries[0].source)}: ${EXPECTED}`);
  const bookings: CalcomBooking[] = [];
  for (const { value, source } of entries) {
    if (shapeOf(value) !== shape) {
      skips.skip(`${file.name}: lines that are not ${shape}s like its first`);
      continue;
    }
    const booking = readEntry(shape, value as Json, source, appZone, skips);
    if (booking) bookings.push(booking);
  }
  return bookings;
}

function parseJson(text: string): unknown {
  if (!text.startsWith('{') && !text.startsWith('[')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The entries of a one-document file: a bookings response's `data`, or an array, or the one body. */
function documentEntries(doc: unknown): [string, unknown][] {
  const data = (doc as Json)?.data;
  const list = Array.isArray(data) ? data : Array.isArray((data as Json)?.bookings) ? ((data as Json).bookings as unknown[]) : undefined;
  if (list) return list.map((v, i) => [`data[${i}]`, v]);
  if (Array.isArray(doc)) return doc.map((v, i) => [`[${i}]`, v]);
  return [['', doc]];
}

function shapeOf(value: unknown): Shape | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Json;
  if ('event_type' in v && 'payload' in v) return 'webhook_events row';
  if ('triggerEvent' in v) return 'webhook body';
  if ('uid' in v && ('start' in v || 'startTime' in v)) return 'booking';
  return undefined;
}

function readEntry(shape: Shape, v: Json, source: SourceRef, appZone: ZonedCalendar, skips: SkipCounts): CalcomBooking | undefined {
  if (shape === 'booking') return readBooking(v, source, skips);
  if (shape === 'webhook body') return readWebhook(v, undefined, source, skips);
  if (String(v.source ?? v.provider ?? 'calcom') !== 'calcom') return void skips.skip('webhook_events rows of other sources (retell, stripe)');
  const body = typeof v.payload === 'string' ? (parseJson(v.payload) as Json | undefined) : (v.payload as Json);
  if (!body || typeof body !== 'object') throw new InputError(`${describeSource(source)}: payload is not the webhook body; expected a JSON object with triggerEvent and payload`);
  const receivedMs = typeof v.created_at === 'string' ? parseInstant(v.created_at, appZone) : undefined;
  if (receivedMs === undefined) throw new InputError(`${describeSource(source)}: created_at ${JSON.stringify(v.created_at)}; expected "YYYY-MM-DD HH:MM:SS" (app time zone) or ISO 8601`);
  return readWebhook({ ...body, triggerEvent: v.event_type ?? body.triggerEvent }, receivedMs, source, skips);
}

function readWebhook(body: Json, receivedMs: number | undefined, source: SourceRef, skips: SkipCounts): CalcomBooking | undefined {
  const trigger = String(body.triggerEvent);
  if (!/^BOOKING[._]CREATED$/i.test(trigger)) return void skips.skip('webhooks other than booking creations (cancel, reschedule, ping)');
  const payload = (body.payload ?? {}) as Json;
  const startMs = utcInstant(payload.startTime);
  if (startMs === undefined) throw new InputError(`${describeSource(source)}: webhook ${trigger} without a payload.startTime; expected "YYYY-MM-DDTHH:MM:SS.sssZ"`);
  return { startMs, eventType: eventTypeOf(payload.eventTypeId, source, 'payload.eventTypeId'), createdMs: utcInstant(body.createdAt), receivedMs, trigger, uid: uidOf(payload.uid), source };
}

function readBooking(v: Json, source: SourceRef, skips: SkipCounts): CalcomBooking | undefined {
  if (v.status !== undefined && String(v.status).toLowerCase() !== 'accepted') return void skips.skip('bookings not accepted (cancelled, rejected, pending)');
  const startMs = utcInstant(v.start ?? v.startTime);
  if (startMs === undefined) throw new InputError(`${describeSource(source)}: booking without a start; expected "YYYY-MM-DDTHH:MM:SS.sssZ"`);
  return { startMs, eventType: eventTypeOf(v.eventTypeId ?? (v.eventType as Json | undefined)?.id, source, 'eventTypeId'), createdMs: utcInstant(v.createdAt), uid: uidOf(v.uid), source };
}

/** Cal.com's uid (a random string) or numeric id, kept only to match records of one booking; never written. */
const uidOf = (value: unknown) => (typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : typeof value === 'number' ? String(value) : undefined);

const utcInstant = (value: unknown) => (typeof value === 'string' ? parseInstant(value, UTC) : undefined);

function eventTypeOf(value: unknown, source: SourceRef, field: string): number {
  const n = Number(value);
  if (value === undefined || value === null || !Number.isInteger(n) || n <= 0) throw new InputError(`${describeSource(source)}: ${field} ${JSON.stringify(value)}; expected a Cal.com event type id (a positive integer)`);
  return n;
}
