import { isKnownTimeZone, isValidLocal, calendarFor, hi, ymd, type LocalTime, type ZonedCalendar } from '../core/zonedTime.ts';
import { quote } from '../inputError.ts';
import { limits } from '../limits.ts';
import { profileNames, type ProfileName } from '../systems/registry.ts';
import type { FieldPath, YamlSource } from './yamlSource.ts';
import { didYouMean } from './didYouMean.ts';

/** A local date-time format of the files, and how to say it in a message. */
export interface LocalFormat {
  readonly pattern: RegExp;
  readonly expected: string;
}
export const START_FORMAT: LocalFormat = { pattern: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/, expected: '"YYYY-MM-DD HH:MM:SS[ ±HH:MM]"' };
export const SLOT_FORMAT: LocalFormat = { pattern: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/, expected: '"YYYY-MM-DD HH:MM", "today HH:MM", "tomorrow HH:MM" or "+Nd HH:MM"' };
export const AT_FORMAT: LocalFormat = {
  pattern: /^(?:(\d{4})-(\d{2})-(\d{2}) )?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/,
  expected: '"HH:MM:SS[.mmm]" or "YYYY-MM-DD HH:MM:SS[.mmm]", each with an optional " ±HH:MM"',
};

/** A local time in one of the file formats; `onDate` supplies the date when the format leaves it out. */
export function parseLocal(source: YamlSource, path: FieldPath, text: string, format: LocalFormat, onDate?: LocalTime): LocalTime {
  const m = format.pattern.exec(text);
  if (!m) throw source.error(path, `expected ${format.expected}, got ${quote(text)}`);
  const n = m.slice(1).map((g) => (g === undefined ? undefined : Number(g)));
  const time: LocalTime =
    format === AT_FORMAT
      ? {
          year: n[0] ?? onDate!.year,
          month: n[1] ?? onDate!.month,
          day: n[2] ?? onDate!.day,
          hour: n[3]!,
          minute: n[4]!,
          second: n[5]!,
          ms: m[7] ? Number(m[7].padEnd(3, '0')) : 0,
        }
      : { year: n[0]!, month: n[1]!, day: n[2]!, hour: n[3]!, minute: n[4]!, second: n[5] ?? 0, ms: 0 };
  if (!isValidLocal(time)) throw source.error(path, `${text} does not exist (expected ${format.expected} with a real date and time)`);
  const [firstYear, lastYear] = limits.years;
  if (time.year < firstYear || time.year > lastYear) throw source.error(path, `year ${time.year}: expected ${firstYear}–${lastYear}`);
  return time;
}

/** `Z` or `±HH:MM` after a start or step time: which of an ambiguous local time's instants is meant. */
const OFFSET_SUFFIX = / ?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant a user's local time names. A time in a spring-forward gap does not exist: refused rather
 * than moved. One in a fall-back overlap is the later instant, as PHP's DateTime reads it, unless an
 * offset after it picks the other.
 */
export function parseInstant(source: YamlSource, path: FieldPath, text: string, format: LocalFormat, calendar: ZonedCalendar, onDate?: LocalTime): number {
  const offset = OFFSET_SUFFIX.exec(text);
  const time = parseLocal(source, path, offset ? text.slice(0, offset.index) : text, format, onDate);
  if (!offset) return calendar.toUtc(checkExists(source, path, time, calendar));
  const sign = offset[1][0] === '-' ? -1 : 1;
  const offsetMs = offset[1] === 'Z' ? 0 : sign * (Number(offset[1].slice(1, 3)) * 60 + Number(offset[1].slice(4, 6))) * 60_000;
  const instant = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second, time.ms) - offsetMs;
  if (calendar.offsetMs(instant) !== offsetMs) {
    throw source.error(path, `${quote(text)}: ${offset[1]} is not ${calendar.timeZone}'s offset at that time (it is ${formatOffset(calendar.offsetMs(calendar.toUtc(time)))})`);
  }
  return instant;
}

/** `time` itself when it exists in the zone; a time in a spring-forward gap is bad input naming the gap. */
export function checkExists(source: YamlSource, path: FieldPath, time: LocalTime, calendar: ZonedCalendar): LocalTime {
  const moved = calendar.toLocal(calendar.toUtc(time));
  const same = moved.year === time.year && moved.month === time.month && moved.day === time.day && moved.hour === time.hour && moved.minute === time.minute && moved.second === time.second;
  if (!same) throw source.error(path, `${clock(time)} does not exist on ${ymd(time)} in ${calendar.timeZone} (the clocks jump forward over it: a daylight-saving gap)`);
  return time;
}

const clock = (t: LocalTime) => (t.second || t.ms ? `${hi(t)}:${String(t.second).padStart(2, '0')}${t.ms ? `.${String(t.ms).padStart(3, '0')}` : ''}` : hi(t));
const formatOffset = (ms: number) => `${ms < 0 ? '-' : '+'}${String(Math.floor(Math.abs(ms) / 3_600_000)).padStart(2, '0')}:${String((Math.abs(ms) / 60_000) % 60).padStart(2, '0')}`;

/** The fields scenario and workload files share: time zone, optional profile, and the start of the clock. */
export function resolveHeader(source: YamlSource, raw: { timezone: string; profile?: string; start: string }) {
  if (!isKnownTimeZone(raw.timezone)) throw source.error(['timezone'], `unknown IANA time zone ${quote(raw.timezone)}`);
  if (raw.profile !== undefined && !(profileNames as readonly string[]).includes(raw.profile)) {
    throw source.error(['profile'], `unknown profile ${quote(raw.profile)}${didYouMean(raw.profile, profileNames)}; expected one of ${profileNames.join(', ')}`);
  }
  const calendar = calendarFor(raw.timezone);
  const startMs = parseInstant(source, ['start'], raw.start, START_FORMAT, calendar);
  const start = calendar.toLocal(startMs);
  return { calendar, profile: raw.profile as ProfileName | undefined, start, startMs };
}
