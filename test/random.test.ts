import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/core/random.ts';

/**
 * The streams' own Alea must draw exactly what seedrandom's alea draws for the same seed string
 * (`<seed>/<name>`): every rate racesim has printed was drawn by it, so one different number would
 * change results.
 */
describe('random streams', () => {
  it('draw what seedrandom.alea draws, whatever the seed and name', () => {
    for (const seed of [0, 1, 7, 42, 123_456_789, -3]) {
      for (const name of ['latency', 'slots', 'decisions', 'faults.webhook', 'ü-unicode-名前', '']) {
        const reference = seedrandom.alea(`${seed}/${name}`);
        const stream = new RandomStreams(seed).stream(name);
        for (let i = 0; i < 2_000; i++) expect(stream.next()).toBe(reference());
      }
    }
  });

  it('derive int, uniform, exponential and chance from those draws', () => {
    const reference = seedrandom.alea('5/mixed');
    const stream = new RandomStreams(5).stream('mixed');
    for (let i = 0; i < 500; i++) {
      expect(stream.int(3, 9)).toBe(3 + Math.floor(reference() * 7));
      expect(stream.uniform(5, 15)).toBe(5 + reference() * 10);
      expect(stream.exponential(60_000)).toBe(-Math.log(1 - reference()) * 60_000);
      expect(stream.chance(0.3)).toBe(reference() < 0.3);
    }
  });

  it('draw nothing for certain outcomes, so a stream used only for them never shifts', () => {
    const streams = new RandomStreams(9);
    const faults = streams.stream('faults');
    expect([faults.chance(0), faults.chance(1), faults.chance(-1), faults.chance(2)]).toEqual([false, true, false, true]);
    expect(faults.next()).toBe(seedrandom.alea('9/faults')());
    expect(streams.stream('faults')).toBe(faults);
  });
});
