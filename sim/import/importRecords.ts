import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { isValidLocal, ZonedCalendar, type LocalTime } from '../core/zonedTime.ts';
import { InputError, readInputFile } from '../inputError.ts';
import type { Outcome } from '../core/vocabulary.ts';

/**
 * What the importers read out of production records, before the records are merged into one time line.
 * Only times, slots, event types, call ids, latencies and outcomes are kept: nothing personal.
 */

/** Where a record came from: the file's base name (paths can name people or hosts) and its 1-based line. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
  /** The entry within a one-document JSON file, e.g. `data[3]`. */
  readonly item?: string;
}

export const describeSource = (source: SourceRef) => `${source.file}:${source.line}${source.item ? ` ${source.item}` : ''}`;

/** Which code wrote a check line; the scenario format has no setting for it yet, so it goes into a comment. */
export type Endpoint = 'RetellApiController' | 'RetellFunctionCallHandler' | 'racesim timeline';

/** One function call of the voice agent: a check or a booking, by one call. */
export interface CallAction {
  readonly callId: string;
  readonly action: 'check_availability' | 'create_booking';
  readonly atMs: number;
  readonly slotMs: number;
  readonly source: SourceRef;
  readonly endpoint: Endpoint;
  eventType?: number;
  /** Cal.com's round trip for this action, from the app's own timing lines. */
  latencyMs?: number;
  /** What the records say the agent answered or Cal.com did. */
  outcome?: Outcome;
  /** Cal.com's HTTP status of a rejected booking. */
  conflictStatus?: number;
}

/** A booking Cal.com reports (webhook or bookings list); made by the agent or on Cal.com's own page. */
export interface CalcomBooking {
  readonly startMs: number;
  readonly eventType: number;
  /** When Cal.com accepted it (the webhook's or booking's `createdAt`). */
  readonly createdMs?: number;
  /** When the app received its webhook (`webhook_events.created_at`). */
  readonly receivedMs?: number;
  /** The webhook's trigger name as the app logged it, or undefined for a bookings list entry. */
  readonly trigger?: string;
  readonly source: SourceRef;
}

/** A booking on Cal.com's own page named outright in a racesim timeline. */
export interface ExplicitExternalBooking {
  readonly atMs: number;
  readonly slotMs: number;
  readonly eventType?: number;
  readonly source: SourceRef;
}

/** Lines and records left out, by reason; printed after the import, never written into the scenario. */
export class SkipCounts {
  private readonly counts = new Map<string, number>();

  skip(reason: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  lines(): string[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${String(n).padStart(6)}  ${reason}`);
  }
}

/** Inputs past these sizes are refused rather than read: an import must stay quick and small in memory. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
export const MAX_LINE_CHARS = 1024 * 1024;
export const MAX_STEPS = 10_000;

/** Reads one input file whole, after checking its size; an unreadable or oversized file is an InputError. */
export function readBoundedInput(path: string, what: string): { name: string; text: string } {
  let size: number;
  try {
    const stat = statSync(path);
    size = stat.isFile() ? stat.size : Number.POSITIVE_INFINITY; // a device or pipe has no size to check
  } catch {
    throw new InputError(`${path}: cannot read the ${what}`);
  }
  if (size === Number.POSITIVE_INFINITY) throw new InputError(`${path}: not a regular file; expected a ${what} saved to a file`);
  if (size > MAX_INPUT_BYTES) throw new InputError(`${path}: ${size} bytes; expected a ${what} of at most ${MAX_INPUT_BYTES} bytes (cut it with --from/--to first)`);
  return { name: basename(path), text: readInputFile(path, what) };
}

/** The file's lines, each at most MAX_LINE_CHARS long (a longer one is cut; its JSON then fails to parse and is skipped). */
export function inputLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line));
}

/** Offsets in use run from −12:00 to +14:00. */
const MAX_OFFSET_HOURS = 14;
const LOCAL_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An instant written as ISO 8601 with `Z` or an offset (exact), or as a local date-time without one,
 * read in `zone` (a repeated hour is read as its later pass, as the scenario loader does). Undefined when
 * the text is neither.
 */
export function parseInstant(text: string, zone: ZonedCalendar): number | undefined {
  const m = LOCAL_INSTANT.exec(text.trim());
  if (!m) return undefined;
  const local: LocalTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    ms: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
  };
  if (!isValidLocal(local)) return undefined;
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.ms);
  if (m[8] === undefined) return zone.toUtc(local);
  if (m[8] === 'Z') return asUtc;
  const sign = m[8].startsWith('-') ? -1 : 1;
  const digits = m[8].replace(/[+:-]/g, '');
  const [hours, minutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
  if (hours > MAX_OFFSET_HOURS || minutes > 59) return undefined; // +99:99 or -25:00 is no offset any place has
  return asUtc - sign * (hours * 60 + minutes) * 60_000;
}

const SAFE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * Whether a value looks like a call id (`call_8f2…`), so it may be kept: letters required, so a phone
 * number in the field is never copied; no spaces or `@`, so no name or address either.
 */
export const isSafeId = (value: unknown): value is string =>
  typeof value === 'string' && SAFE_ID.test(value) && /[A-Za-z]/.test(value) && value !== 'None' && value !== 'null';
