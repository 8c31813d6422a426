import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isValidLocal, ZonedCalendar, type LocalTime } from '../core/zonedTime.ts';
import { clip, InputError, readInputFile } from '../inputError.ts';
import type { BookingFunction, Outcome, ServedBy } from '../core/vocabulary.ts';

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

/** Which controller wrote a call's line: the check endpoint (world.checkEndpoint) and, beside each step, a comment. */
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
  /** For a booking: the app function that logged it (book_appointment posts at once; collect_appointment_data re-checks). */
  via?: BookingFunction;
  /** For a check: where its answer came from, when the log shows it (a cache hit by its timing). */
  servedBy?: ServedBy;
  /** The slots the agent offered instead, `HH:MM` as the finder logged them ("Found alternatives"), in order. */
  alternatives?: string[];
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
  /** Cal.com's uid: one booking read from several records (webhook, its retry, the bookings list) is one. */
  readonly uid?: string;
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

/**
 * Inputs past these sizes are refused rather than read: an import must stay quick and small in memory.
 * A log of a busy day can pass MAX_INPUT_BYTES; it can be given in parts (`--log a b`, one stream).
 */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
export const MAX_LINE_CHARS = 1024 * 1024;
export const MAX_STEPS = 10_000;

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads one input file whole, after checking its size; a gzip-compressed one (a rotated `laravel.log.2.gz`)
 * is decompressed, at most MAX_INPUT_BYTES of it. An unreadable, oversized or non-UTF-8 file is an InputError.
 */
export function readBoundedInput(path: string, what: string): { name: string; text: string } {
  const size = regularFileSize(path, what);
  const tooBig = `expected a ${what} of at most ${MAX_INPUT_BYTES} bytes (64 MiB); give a longer log in parts (split -C 60M, then --log with each part) or only the incident's hours`;
  if (size > MAX_INPUT_BYTES) throw new InputError(`${clip(path)}: ${size} bytes; ${tooBig}`);
  if (!startsWith(path, GZIP_MAGIC)) return { name: basename(path), text: readInputFile(path, what, MAX_INPUT_BYTES) };
  let bytes: Buffer;
  try {
    bytes = gunzipSync(readFileSync(path), { maxOutputLength: MAX_INPUT_BYTES });
  } catch (error) {
    const over = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw new InputError(`${clip(path)}: gzip-compressed ${what} ${over ? `larger than ${MAX_INPUT_BYTES} bytes unpacked; ${tooBig}` : 'that does not unpack (cut off or corrupt); expected a whole .gz file'}`);
  }
  try {
    return { name: basename(path), text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new InputError(`${clip(path)}: gzip-compressed, and unpacked it is not UTF-8 text; expected a ${what}`);
  }
}

function regularFileSize(path: string, what: string): number {
  try {
    const stat = statSync(path);
    if (stat.isFile()) return stat.size;
  } catch {
    throw new InputError(`${clip(path)}: cannot read the ${what}`);
  }
  throw new InputError(`${clip(path)}: not a regular file; expected a ${what} saved to a file`); // a device or pipe has no size to check
}

function startsWith(path: string, magic: readonly number[]): boolean {
  const head = Buffer.alloc(magic.length);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return readSync(fd, head, 0, magic.length, 0) === magic.length && magic.every((b, i) => head[i] === b);
  } catch {
    return false; // readInputFile then names the problem
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The inputs to read, each file once: a file named twice (or by two paths) would import its records
 * twice; the repeats are returned to be said.
 */
export function distinctInputs<T extends { readonly path: string }>(inputs: readonly T[]): { inputs: T[]; repeated: string[] } {
  const seen = new Set<string>();
  const distinct: T[] = [];
  const repeated: string[] = [];
  for (const input of inputs) {
    let id = input.path;
    try {
      const stat = statSync(input.path);
      id = `${stat.dev}:${stat.ino}`;
    } catch {
      // readBoundedInput names an unreadable file
    }
    if (seen.has(id)) repeated.push(basename(input.path));
    else distinct.push(input);
    seen.add(id);
  }
  return { inputs: distinct, repeated };
}

/** The file's lines, each at most MAX_LINE_CHARS long (a longer one is cut; its JSON then fails to parse and is skipped). */
export function inputLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => (line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line));
}

const LOCAL_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An instant written as ISO 8601 with `Z` or an offset (exact, −12:00 to +14:00), or as a local date-time
 * without one, read in `zone` (a repeated hour is read as its later pass, as the scenario loader does).
 * Undefined when the text is neither.
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
  const minutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  // Offsets in use run from −12:00 to +14:00; "+99:99" or "-25:00" is a typing error, not a zone.
  if (Number(digits.slice(2)) > 59 || minutes < -12 * 60 || minutes > 14 * 60) return undefined;
  return asUtc - minutes * 60_000;
}

const SAFE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * Whether a value looks like a call id (`call_8f2…`), so it may be kept: letters required, so a phone
 * number in the field is never copied; no spaces or `@`, so no name or address either.
 */
export const isSafeId = (value: unknown): value is string =>
  typeof value === 'string' && SAFE_ID.test(value) && /[A-Za-z]/.test(value) && value !== 'None' && value !== 'null';
