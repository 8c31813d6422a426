import { mapUnder } from '../../core/maps.ts';
import { ymd, ymdH, type LocalTime } from '../../core/zonedTime.ts';

/**
 * PHP's `sprintf('%d', $v)`: integers as they are; strings by their leading numeric part (a UUID
 * "9f3a…" gives 9, "ab…" 0, and "123e4567-…" 0 because PHP reads 123e4567 as a float that overflows).
 */
export function phpIntD(value: number | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return Math.trunc(value);
  const numeric = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(value);
  if (!numeric) return 0;
  const n = Number(numeric[0]);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

/**
 * Layer 1 (`CalcomService::getAvailableSlots`): `calcom:slots:{team}:{eventType}:{start}:{end}`, or the
 * team-less form when the team id is null or 0 (PHP falsy). `start`/`end` are the strings the caller
 * passed: `Y-m-d` for whole days, `Y-m-d H:i:s` on the hourly path.
 */
export function layer1Key(team: number | null, eventType: number, start: string, end: string): string {
  return team ? `calcom:slots:${team}:${eventType}:${start}:${end}` : `calcom:slots:${eventType}:${start}:${end}`;
}

/** A whole-day Layer 1 key and the date it names. */
interface DayKey {
  readonly date: string;
  readonly key: string;
}

/**
 * Layer 1 whole-day keys (`…:{Y-m-d}:{Y-m-d}`) with their date, made once per process by team, event type
 * and day (`dayCode`), for the reasons Layer 2 keys are (`layer2Keys`): the reads and the forget lists share them.
 */
const layer1DayKeys = new Map<number | null, Map<number, Map<number, DayKey>>>();

export function layer1DayKey(team: number | null, eventType: number, day: LocalTime): DayKey {
  const code = dayCode(day);
  const byDay = code === null ? undefined : mapUnder(mapUnder(layer1DayKeys, team), eventType);
  let dayKey = byDay?.get(code!);
  if (dayKey === undefined) {
    const date = ymd(day);
    dayKey = { date, key: layer1Key(team, eventType, date, date) };
    if (byDay && byDay.size > MAX_REMEMBERED_WINDOWS) byDay.clear();
    byDay?.set(code!, dayKey);
  }
  return dayKey;
}

export const isLayer2Key = (key: string) => key.startsWith('cal_slots_');

/**
 * What span a key covers: Layer 1 `day` (`…:Y-m-d:Y-m-d`) or `hour` (`…:Y-m-d H:i:s:…`); Layer 2 `hour`
 * (one `Y-m-d-H` to the next) or `window` (the finder's longer spans); null for other keys.
 */
export function keyKind(key: string): string | null {
  if (key.startsWith('calcom:slots:')) return key.includes(' ') ? 'hour' : 'day';
  if (!isLayer2Key(key)) return null;
  const [from, to] = key.split('_').slice(-2).map((h) => Date.parse(`${h.slice(0, 10)}T${h.slice(11, 13)}:00:00Z`));
  return to - from === 3_600_000 ? 'hour' : 'window';
}

/**
 * Layer 2 (`AppointmentAlternativeFinder`): `cal_slots_%d_%d_%d_{Y-m-d-H}_{Y-m-d-H}`, or with the branch
 * as `%s` (the finder from 4434a4976 on: null prints '', a UUID stays whole).
 */
export function layer2Key(
  company: number | string | null,
  branch: number | string | null,
  eventType: number,
  start: LocalTime,
  end: LocalTime,
  branchFormat: '%d' | '%s' = '%d',
): string {
  const branchText = branchFormat === '%s' ? String(branch ?? '') : phpIntD(branch);
  const tenant = `${phpIntD(company)}_${branchText}_${phpIntD(eventType)}`;
  const startCode = hourCode(start);
  const endCode = hourCode(end);
  const byEnd = startCode === null || endCode === null ? undefined : windowKeysOf(tenant, startCode);
  let key = byEnd?.get(endCode!);
  if (key === undefined) {
    key = `cal_slots_${tenant}_${ymdH(start)}_${ymdH(end)}`;
    byEnd?.set(endCode!, key);
  }
  return key;
}

/**
 * Layer 2 keys made once per process, by tenant, then the window's start and end hours (`hourCode`): a
 * sweep reads the same few windows run after run and its forget lists name them too, and a key made
 * once keeps its hash, so the store's and the recorders' lookups do not hash a fresh string each time.
 */
const layer2Keys = new Map<string, Map<number, Map<number, string>>>();
const MAX_REMEMBERED_WINDOWS = 20_000; // per tenant; beyond that, windows are one-offs

/** The remembered keys of a tenant's windows starting at `startCode`, by their end's code. */
function windowKeysOf(tenant: string, startCode: number): Map<number, string> {
  const byStart = mapUnder(layer2Keys, tenant);
  if (byStart.size > MAX_REMEMBERED_WINDOWS && !byStart.has(startCode)) byStart.clear();
  return mapUnder(byStart, startCode);
}

/**
 * The `Y-m-d` fields a key prints, as one number (2025-10-20 → 20251020); null when a field is not a whole
 * number that fits its digits, so two different key texts never share a number.
 */
function dayCode({ year, month, day }: LocalTime): number | null {
  return fitsDigits(month) && fitsDigits(day) && Number.isInteger(year) && Math.abs(year) < 1e6 ? (year * 100 + month) * 100 + day : null;
}

/** `Y-m-d-H` as one number (2025-10-20 09 → 2025102009), as `dayCode`. */
export function hourCode(t: LocalTime): number | null {
  const day = dayCode(t);
  return day !== null && fitsDigits(t.hour) ? day * 100 + t.hour : null;
}

const fitsDigits = (n: number) => Number.isInteger(n) && n >= 0 && n < 100;

/** The per-event-type generation versioned keys carry (`…:v<generation>`); one increment invalidates them all. */
export const generationKey = (eventType: number) => `calcom:slots_generation:${eventType}`;
