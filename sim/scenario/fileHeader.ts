import { isKnownTimeZone, isValidLocal, calendarFor, type LocalTime } from '../core/zonedTime.ts';
import { profileNames, type ProfileName } from '../systems/askproai/catalog.ts';
import type { FieldPath, YamlSource } from './yamlSource.ts';

/** A local date-time format of the files, and how to say it in a message. */
export interface LocalFormat {
  readonly pattern: RegExp;
  readonly expected: string;
}
export const START_FORMAT: LocalFormat = { pattern: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/, expected: '"YYYY-MM-DD HH:MM:SS"' };
export const SLOT_FORMAT: LocalFormat = { pattern: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/, expected: '"YYYY-MM-DD HH:MM"' };
export const AT_FORMAT: LocalFormat = {
  pattern: /^(?:(\d{4})-(\d{2})-(\d{2}) )?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/,
  expected: '"HH:MM:SS[.mmm]" or "YYYY-MM-DD HH:MM:SS[.mmm]"',
};

/** A local time in one of the file formats; `onDate` supplies the date when the format leaves it out. */
export function parseLocal(source: YamlSource, path: FieldPath, text: string, format: LocalFormat, onDate?: LocalTime): LocalTime {
  const m = format.pattern.exec(text);
  if (!m) throw source.error(path, `expected ${format.expected}, got ${JSON.stringify(text)}`);
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
  return time;
}

/** The fields scenario and workload files share: time zone, optional profile, and the start of the clock. */
export function resolveHeader(source: YamlSource, raw: { timezone: string; profile?: string; start: string }) {
  if (!isKnownTimeZone(raw.timezone)) throw source.error(['timezone'], `unknown IANA time zone "${raw.timezone}"`);
  if (raw.profile !== undefined && !(profileNames as readonly string[]).includes(raw.profile)) {
    throw source.error(['profile'], `unknown profile "${raw.profile}"; expected one of ${profileNames.join(', ')}`);
  }
  const calendar = calendarFor(raw.timezone);
  const start = parseLocal(source, ['start'], raw.start, START_FORMAT);
  return { calendar, profile: raw.profile as ProfileName | undefined, start, startMs: calendar.toUtc(start) };
}
