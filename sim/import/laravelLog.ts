import { addLocal, hi, isValidLocal, ymd, type LocalTime, type ZonedCalendar } from '../core/zonedTime.ts';
import type { BookingFunction } from '../core/vocabulary.ts';
import { InputError } from '../inputError.ts';
import { inputLines, isSafeId, MAX_LINE_CHARS, parseInstant, type CallAction, type Endpoint, type SkipCounts, type SourceRef } from './importRecords.ts';

/**
 * Reads the app's Laravel log (Monolog's line format `[YYYY-MM-DD HH:MM:SS] channel.LEVEL: message
 * {context} {extra}`) for the lines the voice agent's controllers write at the fix commit 34a0115: the
 * function-call handler's "Function call received from Retell" (check_availability, book_appointment),
 * its Cal.com timing and slot-match lines; collectAppointment's "Collect appointment data extracted" and
 * its re-check lines; the Retell API controller's "Checking availability" / "Booking appointment"; the
 * alternative finder's "Searching for appointment alternatives" / "Found alternatives". Only call ids,
 * dates, times, event type ids, durations, status codes and offered times are read from a context.
 */

export interface LogZones {
  /** Laravel `app.timezone`: the zone of the line times (UTC by default). */
  readonly app: ZonedCalendar;
  /** The scenario's zone: callers say "13:00" meaning their own wall clock. */
  readonly caller: ZonedCalendar;
}

const HEADER = /^\[(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\] [\w.-]+\.[A-Z]+: (.*)$/;

/**
 * A Cal.com round trip the handler timed below this is a cache read: CalcomService answers from its
 * cache before any HTTP call ("<5ms vs 300-800ms", its own comment), and no Cal.com round trip is this fast.
 */
export const CACHE_HIT_MS = 50;

interface LogEntry {
  readonly atMs: number;
  /** The message and its context, continuation lines joined (Monolog writes a context's line breaks raw). */
  readonly text: string;
  readonly source: SourceRef;
}

type Handler = (entry: LogEntry, context: Record<string, unknown>, log: CallLog) => void;

/** The calls read so far, and the lookups the follow-up lines (timings, outcomes) need. */
class CallLog {
  readonly actions: CallAction[] = [];
  /** The `Y-m-d H:i` a check or booking asked for: slot-match and finder lines carry no call id. */
  readonly requested = new WeakMap<CallAction, string>();
  /** The action whose alternatives the finder is searching ("Searching for appointment alternatives" until "Found alternatives"). */
  searching: CallAction | undefined;
  /** The booking of the latest collect_appointment_data call (none when that call only checked): its follow-up lines name no Retell call. */
  collecting: CallAction | undefined;

  constructor(
    readonly zones: LogZones,
    readonly skips: SkipCounts,
  ) {}

  /** The latest action of a call (optionally of one kind) that still lacks `field`. */
  latest(callId: unknown, action: CallAction['action'] | undefined, lacking: 'eventType' | 'latencyMs' | 'outcome' | 'servedBy'): CallAction | undefined {
    return this.findLast((a) => (callId === undefined || a.callId === callId) && (action === undefined || a.action === action) && a[lacking] === undefined);
  }

  findLast(test: (a: CallAction) => boolean): CallAction | undefined {
    for (let i = this.actions.length - 1; i >= 0; i--) if (test(this.actions[i])) return this.actions[i];
    return undefined;
  }
}

/**
 * Reads the log files as one stream (a rotated log's parts in time order, whatever order they are named
 * in): a file without a call is fine when another has them. Lines left out are counted by reason.
 */
export function readLaravelLogs(files: readonly { name: string; text: string }[], zones: LogZones, skips: SkipCounts): CallAction[] {
  const log = new CallLog(zones, skips);
  const parts = files.map((file) => ({ file, entries: logEntries(file, zones.app, skips) }));
  parts.sort((a, b) => (a.entries[0]?.atMs ?? 0) - (b.entries[0]?.atMs ?? 0));
  for (const { entries } of parts) entries.forEach((entry) => readEntry(entry, log));
  if (log.actions.length === 0) {
    const where = files.map((f) => `${f.name}:1-${inputLines(f.text).length}`).join(', ');
    throw new InputError(
      `${where}: no voice-agent call in the log; expected "Function call received from Retell" (check_availability, book_appointment), "Collect appointment data extracted", "Checking availability" or "Booking appointment" lines with a call_id`,
    );
  }
  return log.actions;
}

/** The entries of one file: each header line with the lines after it up to the next header. */
function logEntries(file: { name: string; text: string }, appZone: ZonedCalendar, skips: SkipCounts): LogEntry[] {
  const lines = inputLines(file.text);
  const entries: LogEntry[] = [];
  let open: { atMs: number | undefined; parts: string[]; line: number } | undefined;
  const close = () => {
    if (open === undefined) return;
    if (open.atMs === undefined) return skips.skip('log lines whose time is not a real date and time');
    // A raw line break stood for `\n` inside a JSON string (the only place Monolog lets one through).
    const text = open.parts.join('\\n');
    entries.push({ atMs: open.atMs, text: text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text, source: { file: file.name, line: open.line } });
  };
  lines.forEach((line, i) => {
    const m = HEADER.exec(line);
    if (m) {
      close();
      open = { atMs: parseInstant(m[1], appZone), parts: [m[2]], line: i + 1 };
    } else if (open) open.parts.push(line);
    else if (line.trim() !== '') skips.skip('lines before the first log entry of a file (not log lines)');
  });
  close();
  if (entries.length === 0 && file.text.trim() !== '') {
    throw new InputError(`${file.name}:1: not a Laravel log; expected lines "[YYYY-MM-DD HH:MM:SS] channel.LEVEL: message {context-json} {extra-json}"`);
  }
  return entries;
}

function readEntry(entry: LogEntry, log: CallLog): void {
  const text = entry.text.replace(/^[^\p{L}\p{N}]+/u, ''); // the emoji the app puts before its messages
  const message = Object.keys(handlers).find((known) => text.startsWith(`${known} {`));
  if (!message) return log.skips.skip('lines of other messages (other requests and steps)');
  const context = leadingJson(text.slice(message.length + 1));
  if (context === undefined) return log.skips.skip(`"${message}" lines without a readable context`);
  handlers[message](entry, context, log);
}

/** The JSON object at the start of `text` (the context; the extra follows it), or undefined. */
function leadingJson(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) {
      try {
        return JSON.parse(text.slice(0, i + 1)) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

interface ActionSpec {
  readonly action: CallAction['action'];
  readonly endpoint: Endpoint;
  readonly via?: BookingFunction;
}

/** Adds a check or booking named by a line; its call id, date and time must be readable. */
function addAction(entry: LogEntry, log: CallLog, spec: ActionSpec, date: unknown, time: unknown, callId: unknown): CallAction | undefined {
  if (!isSafeId(callId)) return void log.skips.skip(`${spec.action} lines without a call id`);
  const slot = callerSlot(date, time, log.zones.caller.toLocal(entry.atMs));
  if (!slot) return void log.skips.skip(`${spec.action} lines whose date/time is not a calendar date and time (e.g. "nächste Woche")`);
  const added: CallAction = { callId, action: spec.action, atMs: entry.atMs, slotMs: log.zones.caller.toUtc(slot), source: entry.source, endpoint: spec.endpoint, ...(spec.via ? { via: spec.via } : {}) };
  log.actions.push(added);
  log.requested.set(added, `${ymd(slot)} ${hi(slot)}`);
  return added;
}

const RELATIVE_DAYS: Record<string, number> = { heute: 0, today: 0, morgen: 1, tomorrow: 1, übermorgen: 2 };
/** DateTimeParser::parseRelativeDate: a weekday's name is `Carbon::parse('next <day>')`, 1 to 7 days ahead. */
const WEEKDAYS = ['sonntag', 'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag'];

function relativeDay(text: string, today: LocalTime): LocalTime | undefined {
  if (text in RELATIVE_DAYS) return addLocal(today, RELATIVE_DAYS[text]);
  const weekday = WEEKDAYS.indexOf(text);
  if (weekday < 0) return undefined;
  const todayWeekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
  return addLocal(today, (weekday - todayWeekday + 7) % 7 || 7);
}

/** The date and time a handler's arguments name: date/time (or the agent's other names for them), relative_day, or datetime. */
function namedDateTime(args: Record<string, unknown>): [unknown, unknown] {
  const datetime = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(String(args.datetime ?? ''));
  if (args.date === undefined && args.appointment_date === undefined && datetime) return [datetime[1], datetime[2]];
  return [args.date ?? args.appointment_date ?? args.relative_day ?? args.datum, args.time ?? args.appointment_time ?? args.uhrzeit];
}

/** The slot the caller named, as their wall clock: date (Y-m-d, d.m.Y, d.m., heute/morgen, a weekday) and time (H:i[:s], "14", "14 Uhr"). */
function callerSlot(date: unknown, time: unknown, today: LocalTime): LocalTime | undefined {
  const dateText = String(date ?? '').trim().toLowerCase();
  const timeText = String(time ?? '').trim().toLowerCase();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateText);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})?$/.exec(dateText);
  const day = iso
    ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
    : german
      ? { year: german[3] ? Number(german[3]) : today.year, month: Number(german[2]), day: Number(german[1]) }
      : relativeDay(dateText, today);
  const clock = /^(\d{1,2})(?::(\d{2}))?(?::\d{2})?(?:\s*uhr)?$/.exec(timeText);
  if (!day || !clock) return undefined;
  const slot: LocalTime = { year: day.year, month: day.month, day: day.day, hour: Number(clock[1]), minute: Number(clock[2] ?? 0), second: 0, ms: 0 };
  return isValidLocal(slot) ? slot : undefined;
}

/** Cal.com's HTTP status in a booking failure: the exception's code or status, or "(HTTP 409)" in its message. */
function failedStatus(context: Record<string, unknown>): number | undefined {
  for (const field of ['code', 'status']) {
    const n = context[field];
    if (typeof n === 'number' && n >= 100 && n <= 599) return n;
  }
  const m = /\(HTTP (\d{3})\)/.exec(String(context.error ?? ''));
  return m ? Number(m[1]) : undefined;
}

/** A booking Cal.com refused (400/409: the slot was taken) or that failed otherwise. */
function recordBookingFailure(booking: CallAction | undefined, context: Record<string, unknown>, log: CallLog): void {
  if (!booking) return log.skips.skip('booking failures without a booking line of their call');
  const status = failedStatus(context);
  booking.outcome = status === 400 || status === 409 ? 'conflict' : 'error';
  if (booking.outcome === 'conflict') booking.conflictStatus = status;
}

/** The latest collect_appointment_data call's booking while it has no outcome (and asked for `requestedHi`, the `H:i` its lines carry). */
function openCollectBooking(log: CallLog, requestedHi?: unknown): CallAction | undefined {
  const booking = log.collecting;
  const asked = booking === undefined ? undefined : log.requested.get(booking)?.slice(11);
  return booking?.outcome === undefined && (requestedHi === undefined || asked === requestedHi) ? booking : undefined;
}

/** A check whose slot-match line says what it found (these lines carry the asked `Y-m-d H:i`, no call id). */
function recordCheckAnswer(requested: unknown, outcome: 'available' | 'unavailable', log: CallLog): void {
  const check = log.findLast((a) => a.action === 'check_availability' && a.outcome === undefined && log.requested.get(a) === requested);
  if (check) check.outcome = outcome;
  else log.skips.skip('slot-match lines without a check of that time');
}

function recordEventType(_entry: LogEntry, context: Record<string, unknown>, log: CallLog): void {
  const target = log.latest(context.call_id, undefined, 'eventType');
  const eventType = Number(context.event_type_id);
  if (target && Number.isInteger(eventType) && eventType > 0) target.eventType = eventType;
}

/** The handler's timing of its Cal.com read: a round trip (its latency), or a cache hit by its speed. */
function recordCalcomTiming(_entry: LogEntry, context: Record<string, unknown>, log: CallLog): void {
  const check = log.latest(context.call_id, 'check_availability', 'servedBy');
  const ms = Number(context.duration_ms);
  if (!check || !Number.isFinite(ms) || ms < 0) return;
  check.servedBy = ms < CACHE_HIT_MS ? 'layer1' : 'calcom';
  if (check.servedBy === 'calcom') check.latencyMs = Math.round(ms);
}

/** The finder starts for the check or booking that asked for `desired`; an API check that runs it was answered "unavailable". */
function startFinder(context: Record<string, unknown>, log: CallLog): void {
  log.searching = log.findLast((a) => a.alternatives === undefined && (a.outcome === undefined || a.outcome === 'unavailable' || a.outcome === 'conflict') && log.requested.get(a) === context.desired);
  if (!log.searching) return log.skips.skip('alternative searches without a check or booking of that time');
  if (log.searching.endpoint === 'RetellApiController' && log.searching.action === 'check_availability') log.searching.outcome ??= 'unavailable';
  const eventType = Number(context.eventTypeId);
  if (log.searching.eventType === undefined && Number.isInteger(eventType) && eventType > 0) log.searching.eventType = eventType;
}

/** The finder's offers, `HH:MM` of each logged `Y-m-d H:i` (the time the caller hears). */
function recordAlternatives(context: Record<string, unknown>, log: CallLog): void {
  const slots = Array.isArray(context.slots) ? context.slots : Object.values((context.slots ?? {}) as object);
  const times = slots.map((s) => /^\d{4}-\d{2}-\d{2} (\d{2}:\d{2})$/.exec(String(s))?.[1]);
  if (!log.searching || times.some((t) => t === undefined)) return log.skips.skip('"Found alternatives" lines without a search of their check or unreadable slots');
  log.searching.alternatives = times as string[];
  log.searching = undefined;
}

const functionCall: ActionSpec = { action: 'check_availability', endpoint: 'RetellFunctionCallHandler' };
const functionBooking: ActionSpec = { action: 'create_booking', endpoint: 'RetellFunctionCallHandler', via: 'book_appointment' };

const handlers: Record<string, Handler> = {
  'Function call received from Retell': (entry, context, log) => {
    const args = (context.parameters ?? {}) as Record<string, unknown>;
    const callId = isSafeId(args.call_id) ? args.call_id : context.call_id; // the handler reads the parameters' first
    const spec = { check_availability: functionCall, book_appointment: functionBooking }[String(context.function)];
    if (!spec) return log.skips.skip('function calls other than check_availability and book_appointment');
    void addAction(entry, log, spec, ...namedDateTime(args), callId);
  },
  'Collect appointment data extracted': (entry, context, log) => {
    log.collecting = undefined;
    if (context.bestaetigung !== true) return log.skips.skip('collect_appointment_data calls without bestaetigung: true (its check step; racesim replays its bookings)');
    const spec: ActionSpec = { action: 'create_booking', endpoint: 'RetellFunctionCallHandler', via: 'collect_appointment_data' };
    log.collecting = addAction(entry, log, spec, context.datum, context.uhrzeit, context.call_id);
  },
  'Checking availability': (entry, context, log) => void addAction(entry, log, { action: 'check_availability', endpoint: 'RetellApiController' }, context.date, context.time, context.call_id),
  'Booking appointment': (entry, context, log) =>
    void addAction(entry, log, { action: 'create_booking', endpoint: 'RetellApiController', via: 'book_appointment' }, context.date, context.time, context.call_id),
  'Using service for availability check': recordEventType,
  'Using service for booking': recordEventType,
  'Dynamic service selection for company': recordEventType,
  'Cal.com API call START': recordEventType,
  'Cal.com API call END': recordCalcomTiming,
  'Cal.com API error or timeout': (_entry, context, log) => {
    const check = log.latest(context.call_id, 'check_availability', 'outcome');
    if (check) check.outcome = 'error';
  },
  'EXACT slot match FOUND': (_entry, context, log) => recordCheckAnswer(context.requested, 'available', log),
  'EXACT time NOT available - VERBOSE DEBUG': (_entry, context, log) => recordCheckAnswer(context.requested_time, 'unavailable', log),
  'Exact requested time NOT available in Cal.com': (_entry, context, log) => {
    const booking = openCollectBooking(log, context.requested);
    if (booking) booking.outcome = 'unavailable';
  },
  'V85: Slot NO LONGER available - offering alternatives': (_entry, context, log) => {
    const booking = openCollectBooking(log, context.requested);
    if (booking) booking.outcome = 'unavailable';
  },
  'Searching for appointment alternatives': (_entry, context, log) => startFinder(context, log),
  'Found alternatives': (_entry, context, log) => recordAlternatives(context, log),
  'Cal.com booking response received': (_entry, context, log) => {
    const booking = log.latest(context.call_id, 'create_booking', 'outcome');
    if (booking) booking.outcome = 'booked';
  },
  // Its call_id is the app's database id, not Retell's: it answers the latest open function-call booking.
  'Appointment created immediately after Cal.com booking': (_entry, _context, log) => {
    const booking = log.findLast((a) => a.via === 'book_appointment' && a.endpoint === 'RetellFunctionCallHandler' && a.outcome === undefined);
    if (booking) booking.outcome = 'booked';
  },
  'Call not found for immediate appointment sync': (_entry, context, log) => {
    const booking = log.latest(context.call_id, 'create_booking', 'outcome');
    if (booking) booking.outcome = 'booked';
  },
  'Appointment record created from Cal.com booking': (_entry, _context, log) => {
    const booking = openCollectBooking(log);
    if (booking) booking.outcome = 'booked';
  },
  'Cal.com booking exception': (_entry, context, log) => recordBookingFailure(log.latest(context.call_id, 'create_booking', 'outcome'), context, log),
  'Error booking appointment': (_entry, context, log) => recordBookingFailure(log.latest(context.call_id, 'create_booking', 'outcome'), context, log),
  'Booking exception occurred': (_entry, context, log) => recordBookingFailure(log.latest(context.call_id, 'create_booking', 'outcome'), context, log),
  'Cal.com booking failed - searching for alternatives': (_entry, context, log) => recordBookingFailure(log.latest(context.call_id, 'create_booking', 'outcome'), context, log),
};
