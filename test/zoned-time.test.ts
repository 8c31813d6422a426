import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/core/random.ts';
import { addLocal, calendarFor, type LocalTime } from '../sim/core/zonedTime.ts';

/** What Date's UTC getters say of an instant: the reference the calendar arithmetic must match exactly. */
function dateFields(ms: number): LocalTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

const MAX_DATE_MS = 8.64e15;

describe('calendar arithmetic without Date objects', () => {
  it('addLocal gives what Date gives, over the whole range a Date can hold', () => {
    const stream = new RandomStreams(1).stream('instants');
    const instants = [0, -1, 1, 951_782_400_000, 4_107_542_400_000, -62_135_596_800_001, MAX_DATE_MS, -MAX_DATE_MS];
    for (let i = 0; i < 20_000; i++) instants.push(Math.floor(stream.uniform(-MAX_DATE_MS, MAX_DATE_MS)));
    for (const ms of instants) {
      const start = dateFields(ms);
      const days = stream.int(-800, 800);
      const hours = stream.int(-50, 50);
      // Date.UTC's own reading of the fields (years 0–99 are 1900–1999) is part of what must not change.
      const expected = dateFields(Date.UTC(start.year, start.month - 1, start.day + days, start.hour + hours, start.minute, start.second, start.ms));
      expect(addLocal(start, days, hours)).toEqual(expected);
      if (start.year >= 100) expect(addLocal(start, 0)).toEqual(start);
    }
  });

  it('normalises overflowing fields as Date.UTC does (Jan 32, hour 24, Feb 29 of a common year)', () => {
    const at = (year: number, month: number, day: number, hour = 0): LocalTime => ({ year, month, day, hour, minute: 0, second: 0, ms: 0 });
    expect(addLocal(at(2025, 1, 31), 1)).toEqual(at(2025, 2, 1));
    expect(addLocal(at(2025, 2, 28), 1)).toEqual(at(2025, 3, 1));
    expect(addLocal(at(2024, 2, 28), 1)).toEqual(at(2024, 2, 29));
    expect(addLocal(at(2025, 12, 31, 23), 0, 1)).toEqual(at(2026, 1, 1, 0));
    expect(addLocal(at(2000, 3, 1), -1)).toEqual(at(2000, 2, 29));
    expect(addLocal(at(1900, 3, 1), -1)).toEqual(at(1900, 2, 28));
  });

  it('toLocal gives what Date gives for the zone offset, across both Berlin transitions', () => {
    const berlin = calendarFor('Europe/Berlin');
    const from = Date.UTC(2025, 2, 29);
    for (let ms = from; ms < from + 220 * 86_400_000; ms += 7 * 60_000 + 13_337) {
      expect(berlin.toLocal(ms)).toEqual(dateFields(ms + berlin.offsetMs(ms)));
    }
  });
});
