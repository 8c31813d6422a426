import seedrandom from 'seedrandom';

/** One named, seeded pseudo-random stream. Every draw comes from here, never from Math.random. */
export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number;
  /** Uniform real in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Exponentially distributed with the given mean (for Poisson inter-arrival times). */
  exponential(mean: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
}

/**
 * Independent streams derived from one seed and a purpose name ("latency", "workload", …), so that an
 * extra draw in one purpose never shifts the numbers another purpose sees.
 */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();
  constructor(readonly seed: number) {}

  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (!s) {
      s = makeStream(`${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}

function makeStream(seed: string): RandomStream {
  const rng = seedrandom.alea(seed);
  const next = () => rng();
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    uniform: (lo, hi) => lo + next() * (hi - lo),
    exponential: (mean) => -Math.log(1 - next()) * mean,
    chance: (p) => p >= 1 || (p > 0 && next() < p),
  };
}
