/**
 * Wall-clock arithmetic in an IANA time zone, from Intl's zone data only (no wall clock is read).
 * Local times are plain fields; instants are ms since the Unix epoch (UTC).
 */
export interface LocalTime {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number; // 1..31
  readonly hour: number; // 0..23
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
}

const OFFSET_BUCKET_MS = 15 * 60_000; // zone transitions fall on quarter hours

export class ZonedCalendar {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  /** toUtc results by the local fields read as if UTC: a simulation asks for the same few slots again and again. */
  private readonly instants = new Map<number, number>();
  /** toLocal results by instant, for the same reason. */
  private readonly locals = new Map<number, LocalTime>();
  /** Local midnights by local day number: "today" is asked at one-off instants (the clock's now), but of few days. */
  private readonly dayStarts = new Map<number, LocalTime>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Offset of local time from UTC at instant `utcMs`, in ms (Berlin in summer: +7_200_000). */
  offsetMs(utcMs: number): number {
    const bucket = Math.floor(utcMs / OFFSET_BUCKET_MS);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      const at = bucket * OFFSET_BUCKET_MS;
      const p: Record<string, number> = {};
      for (const part of this.format.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  toLocal(utcMs: number): LocalTime {
    // Local times are never changed once made, so the few instants a simulation asks for again and again share one.
    let local = this.locals.get(utcMs);
    if (local === undefined) {
      if (this.locals.size > MAX_CACHED_INSTANTS) this.locals.clear();
      local = fieldsOf(utcMs + this.offsetMs(utcMs));
      this.locals.set(utcMs, local);
    }
    return local;
  }

  /**
   * The start of the local day `utcMs` falls on (`startOfDay(toLocal(utcMs))`), one shared object per
   * day: the instants it is asked at are one-offs that would only fill toLocal's cache.
   */
  startOfLocalDay(utcMs: number): LocalTime {
    const day = Math.floor((utcMs + this.offsetMs(utcMs)) / DAY_MS);
    let start = this.dayStarts.get(day);
    if (start === undefined) {
      if (this.dayStarts.size > MAX_CACHED_INSTANTS) this.dayStarts.clear();
      start = fieldsOf(day * DAY_MS);
      this.dayStarts.set(day, start);
    }
    return start;
  }

  /**
   * The instant of a local wall time. In a fall-back overlap the later (standard-time) instant is taken
   * and a spring-forward gap moves forward by the gap, as PHP's DateTime does (see php-key-vectors.json).
   */
  toUtc(t: LocalTime): number {
    const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms);
    let instant = this.instants.get(asUtc);
    if (instant === undefined) {
      if (this.instants.size > MAX_CACHED_INSTANTS) this.instants.clear();
      instant = this.resolveUtc(asUtc);
      this.instants.set(asUtc, instant);
    }
    return instant;
  }

  private resolveUtc(asUtc: number): number {
    const offsetBefore = this.offsetMs(asUtc - DAY_MS);
    const offsetAfter = this.offsetMs(asUtc + DAY_MS);
    const early = asUtc - offsetBefore;
    const late = asUtc - offsetAfter;
    const earlyValid = this.offsetMs(early) === offsetBefore;
    const lateValid = this.offsetMs(late) === offsetAfter;
    if (earlyValid && lateValid) return Math.max(early, late);
    if (lateValid) return late;
    return early; // valid, or in a gap: the pre-transition offset moves the time forward
  }
}

const calendars = new Map<string, ZonedCalendar>();

/**
 * The process's one calendar for a zone. Its offsets and instants depend on the zone alone, so every
 * world of a sweep or compare shares them instead of rebuilding Intl state per run.
 */
export function calendarFor(timeZone: string): ZonedCalendar {
  let calendar = calendars.get(timeZone);
  if (calendar === undefined) {
    calendar = new ZonedCalendar(timeZone);
    calendars.set(timeZone, calendar);
  }
  return calendar;
}

const DAY_MS = 86_400_000;
const MAX_CACHED_INSTANTS = 20_000; // slot instants recur; far more distinct ones would be one-offs

/** Local time `days` calendar days (and `hours` hours) after `t`, normalised (Jan 32 → Feb 1). */
export function addLocal(t: LocalTime, days: number, hours = 0): LocalTime {
  return fieldsOf(Date.UTC(t.year, t.month - 1, t.day + days, t.hour + hours, t.minute, t.second, t.ms));
}

/**
 * The fields `new Date(ms)`'s UTC getters give, by arithmetic (Hinnant's days-to-civil): the same
 * numbers for every instant a Date can hold (test/zoned-time.test.ts), without a Date per conversion.
 */
function fieldsOf(ms: number): LocalTime {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  // Days since 0000-03-01 in 400-year eras of 146097 days; years start in March so leap days come last.
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1,
    hour,
    minute,
    second,
    ms: rest - second * 1000,
  };
}

export function startOfDay(t: LocalTime): LocalTime {
  return { year: t.year, month: t.month, day: t.day, hour: 0, minute: 0, second: 0, ms: 0 };
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/** PHP `Y-m-d`. */
export const ymd = (t: LocalTime) => `${t.year}-${pad2(t.month)}-${pad2(t.day)}`;
/** PHP `Y-m-d-H`. */
export const ymdH = (t: LocalTime) => `${ymd(t)}-${pad2(t.hour)}`;
/** PHP `H:i`. */
export const hi = (t: LocalTime) => `${pad2(t.hour)}:${pad2(t.minute)}`;
/** PHP `Y-m-d H:i:s`. */
export const ymdHis = (t: LocalTime) => `${ymd(t)} ${hi(t)}:${pad2(t.second)}`;
/** `Y-m-d H:i:s.v`, for traces and timelines. */
export const ymdHisv = (t: LocalTime) => `${ymdHis(t)}.${String(t.ms).padStart(3, '0')}`;

/**
 * Cal.com's UTC form of a one-off instant (the clock's now): not memoised, it would only fill the cache.
 * Whole ms of years 1000–9999 are written from fieldsOf (what toISOString writes, without a Date per webhook); others by Date.
 */
export function isoInstant(utcMs: number): string {
  const t = fieldsOf(utcMs);
  if (!Number.isInteger(utcMs) || !(t.year >= 1000 && t.year <= 9999)) return new Date(utcMs).toISOString();
  return `${ymd(t)}T${hi(t)}:${pad2(t.second)}.${String(t.ms).padStart(3, '0')}Z`;
}

const isoTexts = new Map<number, string>();

/** Cal.com's UTC form: `2025-10-20T11:00:00.000Z`; memoised, as the same slot instants recur all run long. */
export function isoUtc(utcMs: number): string {
  let text = isoTexts.get(utcMs);
  if (text === undefined) {
    if (isoTexts.size > MAX_CACHED_INSTANTS) isoTexts.clear();
    text = new Date(utcMs).toISOString();
    isoTexts.set(utcMs, text);
  }
  return text;
}

/** Whether the fields name a real calendar time (rejects 2025-02-30, 25:00, 12:60). */
export function isValidLocal(t: LocalTime): boolean {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.hour > 23 || t.minute > 59 || t.second > 59 || t.ms > 999) return false;
  const daysInMonth = new Date(Date.UTC(t.year, t.month, 0)).getUTCDate();
  return t.day <= daysInMonth;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Orders two local times by calendar day only (negative, 0, positive). */
export function compareDay(a: LocalTime, b: LocalTime): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

const isoInstants = new Map<string, number>();

/** Inverse of isoUtc, memoised: the same few slot instants are parsed over and over in a run. */
export function instantOfIso(iso: string): number {
  let ms = isoInstants.get(iso);
  if (ms === undefined) {
    if (isoInstants.size > MAX_CACHED_INSTANTS) isoInstants.clear();
    ms = Date.parse(iso);
    isoInstants.set(iso, ms);
  }
  return ms;
}

const instantLists = new WeakMap<readonly string[], readonly number[]>();

/**
 * The instants of a list of ISO strings that is never changed once made (a cached slot list), parsed
 * once per list: cached lists are shared between runs, so a search over them parses nothing per run.
 */
export function instantsOfIsoList(isoList: readonly string[]): readonly number[] {
  let instants = instantLists.get(isoList);
  if (instants === undefined) instantLists.set(isoList, (instants = isoList.map(instantOfIso)));
  return instants;
}
