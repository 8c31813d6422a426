import { addLocal, hi, isValidLocal, ymd, type LocalTime, type ZonedCalendar } from '../core/zonedTime.ts';
import { InputError } from '../inputError.ts';
import { inputLines, isSafeId, parseInstant, type CallAction, type Endpoint, type SkipCounts, type SourceRef } from './importRecords.ts';

/**
 * Reads the app's Laravel log (Monolog's line format `[YYYY-MM-DD HH:MM:SS] channel.LEVEL: message
 * {context} {extra}`) for the lines the voice agent's two controllers write at the fix commit 34a0115:
 * the function-call handler's "Function call received from Retell", its Cal.com timing and slot-match
 * lines, and the Retell API controller's "Checking availability" / "Booking appointment" lines. Only
 * call ids, dates, times, event type ids, durations and status codes are read from a context.
 */

export interface LogZones {
  /** Laravel `app.timezone`: the zone of the line times (UTC by default). */
  readonly app: ZonedCalendar;
  /** The scenario's zone: callers say "13:00" meaning their own wall clock. */
  readonly caller: ZonedCalendar;
}

const HEADER = /^\[(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\] [\w.-]+\.[A-Z]+: (.*)$/;

interface LogEntry {
  readonly atMs: number;
  readonly context: Record<string, unknown>;
  readonly source: SourceRef;
}

type Handler = (entry: LogEntry, log: CallLog) => void;

/** The calls read so far, and the lookups the follow-up lines (timings, outcomes) need. */
class CallLog {
  readonly actions: CallAction[] = [];
  /** The `Y-m-d H:i` a function-call check asked for: its slot-match lines carry no call id. */
  readonly requested = new WeakMap<CallAction, string>();

  constructor(
    readonly zones: LogZones,
    readonly skips: SkipCounts,
  ) {}

  /** The latest action of a call (optionally of one kind) that still lacks `field`. */
  latest(callId: unknown, action: CallAction['action'] | undefined, lacking: 'eventType' | 'latencyMs' | 'outcome'): CallAction | undefined {
    for (let i = this.actions.length - 1; i >= 0; i--) {
      const a = this.actions[i];
      if ((callId === undefined || a.callId === callId) && (action === undefined || a.action === action) && a[lacking] === undefined) return a;
    }
    return undefined;
  }
}

/** Reads one log file into call actions; skipped lines are counted by reason. */
export function readLaravelLog(file: { name: string; text: string }, zones: LogZones, skips: SkipCounts): CallAction[] {
  const log = new CallLog(zones, skips);
  const lines = inputLines(file.text);
  let headers = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const m = HEADER.exec(line);
    if (!m) return skips.skip('continuation lines of multi-line entries (or not log lines)');
    headers++;
    readEntry(m[1], m[2], { file: file.name, line: i + 1 }, log);
  });
  if (headers === 0) {
    throw new InputError(`${file.name}:1: not a Laravel log; expected lines "[YYYY-MM-DD HH:MM:SS] channel.LEVEL: message {context-json} {extra-json}"`);
  }
  if (log.actions.length === 0) {
    throw new InputError(
      `${file.name}:1-${lines.length}: no voice-agent call in the log; expected "Function call received from Retell" (check_availability, book_appointment), "Checking availability" or "Booking appointment" lines with a call_id`,
    );
  }
  return log.actions;
}

function readEntry(time: string, rest: string, source: SourceRef, log: CallLog): void {
  const atMs = parseInstant(time, log.zones.app);
  const text = rest.replace(/^[^\p{L}\p{N}]+/u, ''); // the emoji the app puts before its messages
  const message = Object.keys(handlers).find((known) => text.startsWith(`${known} {`));
  if (!message || atMs === undefined) return log.skips.skip('lines of other messages (other requests and steps)');
  const context = leadingJson(text.slice(message.length + 1));
  if (context === undefined) return log.skips.skip(`"${message}" lines without a readable context`);
  handlers[message]({ atMs, context, source }, log);
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

/** Adds a check or booking named by a line; its call id, date and time must be readable. */
function addAction(entry: LogEntry, log: CallLog, action: CallAction['action'], endpoint: Endpoint, args: Record<string, unknown>, callId: unknown): CallAction | undefined {
  if (!isSafeId(callId)) return void log.skips.skip(`${action} lines without a call id`);
  const slot = callerSlot(args, log.zones.caller.toLocal(entry.atMs));
  if (!slot) return void log.skips.skip(`${action} lines whose date/time is not a calendar date and time (e.g. "nächste Woche")`);
  const added: CallAction = { callId, action, atMs: entry.atMs, slotMs: log.zones.caller.toUtc(slot), source: entry.source, endpoint };
  log.actions.push(added);
  log.requested.set(added, `${ymd(slot)} ${hi(slot)}`);
  return added;
}


const RELATIVE_DAYS: Record<string, number> = { heute: 0, today: 0, morgen: 1, tomorrow: 1, übermorgen: 2 };

/** The slot the caller named, as their wall clock: `date` (Y-m-d, d.m.Y, d.m., heute/morgen) and `time` (H:i[:s], "14 Uhr"). */
function callerSlot(args: Record<string, unknown>, today: LocalTime): LocalTime | undefined {
  const dateText = String(args.date ?? args.appointment_date ?? '').trim().toLowerCase();
  const timeText = String(args.time ?? args.appointment_time ?? '').trim().toLowerCase();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateText);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})?$/.exec(dateText);
  const day = iso
    ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
    : german
      ? { year: german[3] ? Number(german[3]) : today.year, month: Number(german[2]), day: Number(german[1]) }
      : dateText in RELATIVE_DAYS
        ? addLocal(today, RELATIVE_DAYS[dateText])
        : undefined;
  const clock = /^(\d{1,2})(?::(\d{2}))?(?::\d{2})?(?:\s*uhr)?$/.exec(timeText);
  if (!day || !clock) return undefined;
  const slot: LocalTime = { year: day.year, month: day.month, day: day.day, hour: Number(clock[1]), minute: Number(clock[2] ?? 0), second: 0, ms: 0 };
  return isValidLocal(slot) ? slot : undefined;
}

/** Cal.com's HTTP status in a booking failure: the exception's code, or "(HTTP 400)" in its message. */
function failedStatus(context: Record<string, unknown>): number | undefined {
  if (typeof context.code === 'number' && context.code >= 100) return context.code;
  const m = /\(HTTP (\d{3})\)/.exec(String(context.error ?? ''));
  return m ? Number(m[1]) : undefined;
}

function recordBookingFailure(entry: LogEntry, log: CallLog): void {
  const booking = log.latest(entry.context.call_id, 'create_booking', 'outcome');
  if (!booking) return log.skips.skip('booking failures without a booking line of their call');
  const status = failedStatus(entry.context);
  booking.outcome = status === 400 || status === 409 ? 'conflict' : 'error';
  if (booking.outcome === 'conflict') booking.conflictStatus = status;
}

function recordCheckAnswer(requested: unknown, outcome: 'available' | 'unavailable', log: CallLog): void {
  for (let i = log.actions.length - 1; i >= 0; i--) {
    const a = log.actions[i];
    if (a.action === 'check_availability' && a.outcome === undefined && log.requested.get(a) === requested) {
      a.outcome = outcome;
      return;
    }
  }
  log.skips.skip('slot-match lines without a check of that time');
}

function recordEventType(entry: LogEntry, log: CallLog): void {
  const target = log.latest(entry.context.call_id, undefined, 'eventType');
  const eventType = Number(entry.context.event_type_id);
  if (target && Number.isInteger(eventType) && eventType > 0) target.eventType = eventType;
}

const handlers: Record<string, Handler> = {
  'Function call received from Retell': (entry, log) => {
    const args = (entry.context.parameters ?? {}) as Record<string, unknown>;
    const callId = isSafeId(entry.context.call_id) ? entry.context.call_id : args.call_id;
    const action = { check_availability: 'check_availability', book_appointment: 'create_booking' }[String(entry.context.function)];
    if (!action) return log.skips.skip('function calls other than check_availability and book_appointment');
    addAction(entry, log, action as CallAction['action'], 'RetellFunctionCallHandler', args, callId);
  },
  'Checking availability': (entry, log) => void addAction(entry, log, 'check_availability', 'RetellApiController', entry.context, entry.context.call_id),
  'Booking appointment': (entry, log) => void addAction(entry, log, 'create_booking', 'RetellApiController', entry.context, entry.context.call_id),
  'Using service for availability check': recordEventType,
  'Using service for booking': recordEventType,
  'Cal.com API call START': recordEventType,
  'Cal.com API call END': (entry, log) => {
    const check = log.latest(entry.context.call_id, 'check_availability', 'latencyMs');
    const ms = Number(entry.context.duration_ms);
    if (check && Number.isFinite(ms) && ms >= 0) check.latencyMs = Math.round(ms);
  },
  'EXACT slot match FOUND': (entry, log) => recordCheckAnswer(entry.context.requested, 'available', log),
  'EXACT time NOT available - VERBOSE DEBUG': (entry, log) => recordCheckAnswer(entry.context.requested_time, 'unavailable', log),
  'Cal.com booking response received': (entry, log) => {
    const booking = log.latest(entry.context.call_id, 'create_booking', 'outcome');
    if (booking) booking.outcome = 'booked';
  },
  // Its call_id is the app's database id, not Retell's: it answers the latest open function-call booking.
  'Appointment created immediately after Cal.com booking': (_entry, log) => {
    const booking = log.actions.filter((a) => a.action === 'create_booking' && a.endpoint === 'RetellFunctionCallHandler' && a.outcome === undefined).at(-1);
    if (booking) booking.outcome = 'booked';
  },
  'Cal.com booking exception': recordBookingFailure,
  'Error booking appointment': recordBookingFailure,
};
