import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/core/random.ts';
import { calendarFor, instantsOfIsoList, isoInstant, startOfDay, ymd, ymdH, type LocalTime } from '../sim/core/zonedTime.ts';
import { isVersionedKey } from '../sim/systems/askproai/cacheValues.ts';
import { layer1DayKey, layer1Key, layer2Key } from '../sim/systems/askproai/keys.ts';

/** What the memos of the sweep's hot path answer must be what the unmemoised code made, first time or again. */
const at = (year: number, month: number, day: number, hour: number): LocalTime => ({ year, month, day, hour, minute: 0, second: 0, ms: 0 });

describe('hot-path memos answer as the code they replace', () => {
  it('layer 2 keys: the same text made or remembered, and fields PHP would print differently stay apart', () => {
    const fresh = (start: LocalTime, end: LocalTime) => `cal_slots_1_0_123_${ymdH(start)}_${ymdH(end)}`;
    const windows: [LocalTime, LocalTime][] = [
      [at(2025, 10, 20, 9), at(2025, 10, 20, 10)],
      [at(2025, 10, 20, 23), at(2025, 10, 20, 24)], // an unnormalised hour prints as 24
      [at(2025, 10, 20, 23), at(2025, 10, 21, 0)],
      [at(2025, 10, 20, 9.5), at(2025, 10, 20, 10)], // no number for it: made each time
    ];
    for (const [start, end] of windows) {
      expect(layer2Key(1, 0, 123, start, end)).toBe(fresh(start, end));
      expect(layer2Key(1, 0, 123, start, end)).toBe(fresh(start, end));
    }
  });

  it('layer 1 day keys: the whole-day key of the day, per team', () => {
    for (const team of [7, null, 0]) {
      const day = at(2025, 10, 20, 0);
      const { date, key } = layer1DayKey(team, 123, day);
      expect(date).toBe(ymd(day));
      expect(key).toBe(layer1Key(team, 123, date, date));
      expect(layer1DayKey(team, 123, { ...day }).key).toBe(key);
    }
  });

  it('isoInstant writes what Date#toISOString writes, fractional and out-of-range instants included', () => {
    const instants = [0, -1, 1.5, Date.UTC(999, 11, 31, 23, 59, 59, 999), Date.UTC(1000, 0, 1), Date.UTC(2025, 9, 20, 10, 0, 0, 7), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1)];
    for (let i = 0; i < 500; i++) instants.push(Math.round(-3e13 + i * 7.3e11));
    for (const ms of instants) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
  });

  it('isVersionedKey is /:v\\d+$/', () => {
    for (const key of ['calcom:slots:1:123:2025-10-20:2025-10-20:v3', ':v1', ':v', 'v1', 'x:va', 'a:v1b', '', ':vv9', 'k:v12']) {
      expect(isVersionedKey(key)).toBe(/:v\d+$/.test(key));
    }
  });

  it("the start of a local day is startOfDay of its local time, in and around Berlin's DST change", () => {
    const berlin = calendarFor('Europe/Berlin');
    for (let ms = Date.UTC(2025, 9, 25, 20); ms < Date.UTC(2025, 9, 27, 4); ms += 17 * 60_000) {
      expect(berlin.startOfLocalDay(ms)).toEqual(startOfDay(berlin.toLocal(ms)));
    }
  });

  it('instants of a slot list are parsed once per list', () => {
    const list = ['2025-10-20T09:00:00.000Z', '2025-10-20T09:30:00.000Z'];
    expect(instantsOfIsoList(list)).toEqual(list.map(Date.parse));
    expect(instantsOfIsoList(list)).toBe(instantsOfIsoList(list));
  });

  it('a stream seeded again (from the remembered state) draws what it drew the first time', () => {
    const draws = () => {
      const stream = new RandomStreams(4242).stream('latency');
      return [stream.next(), stream.int(300, 800), stream.next()];
    };
    expect(draws()).toEqual(draws());
  });
});
