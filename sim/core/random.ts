import { mapUnder } from './maps.ts';

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
      s = new AleaStream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }
}

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** Baagøe's Mash hash, as seedrandom's alea seeds with it: `n` carries over from one call to the next. */
class Mash {
  n = 0xefc8249d;

  hash(data: string): number {
    let n = this.n;
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    this.n = n;
    return (n >>> 0) * TWO_POW_MINUS_32;
  }
}

/** Alea's seeding starts with three hashes of ' ', the same for every seed: computed once. */
const BLANK = (() => {
  const mash = new Mash();
  return { s0: mash.hash(' '), s1: mash.hash(' '), s2: mash.hash(' '), n: mash.n };
})();

/**
 * Baagøe's Alea exactly as `seedrandom.alea(seed)` computes it (same seeding, same draws: see
 * test/random.test.ts), without a closure per stream, and seeded at its first draw: most streams of a
 * run (the faults' at probability 0) never draw, and seeding is most of a short run's random work.
 */
class AleaStream implements RandomStream {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private c = 1;
  private seeded = false;

  /** The seed text is `<seed>/<name>`, made at the first draw: most streams never draw. */
  constructor(
    private readonly seed: number,
    private readonly name: string,
  ) {}

  next(): number {
    if (!this.seeded) this.seedState();
    const t = 2091639 * this.s0 + this.c * TWO_POW_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  uniform(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  chance(p: number): boolean {
    return p >= 1 || (p > 0 && this.next() < p);
  }

  private seedState(): void {
    ({ s0: this.s0, s1: this.s1, s2: this.s2 } = seededState(this.seed, this.name));
    this.seeded = true;
  }
}

/** Alea's state right after seeding (its carry starts at 1 whatever the seed). */
interface SeededState {
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/**
 * Seeded states by seed and purpose. Seeding hashes `<seed>/<name>` three times, most of a short run's
 * random work, and a sweep or compare seeds the same (seed, purpose) again for every gap and variant: a
 * state depends on nothing else, so it is worked out once per process. Only the first states are kept:
 * past the bound, seeds are one-offs (an exploration, a very long compare) and are worked out each time,
 * with no map churn.
 */
const seededStates = new Map<number, Map<string, SeededState>>();
let rememberedSeeds = 0;
const MAX_REMEMBERED_SEEDS = 8_192;

function seededState(seed: number, name: string): SeededState {
  let state = seededStates.get(seed)?.get(name);
  if (state === undefined) {
    state = aleaSeeding(`${seed}/${name}`);
    if (rememberedSeeds < MAX_REMEMBERED_SEEDS) {
      mapUnder(seededStates, seed).set(name, state);
      rememberedSeeds++;
    }
  }
  return state;
}

/** `seedrandom.alea(text)`'s seeding. */
function aleaSeeding(text: string): SeededState {
  const mash = new Mash();
  mash.n = BLANK.n;
  const part = (blank: number) => {
    const s = blank - mash.hash(text);
    return s < 0 ? s + 1 : s;
  };
  const s0 = part(BLANK.s0);
  const s1 = part(BLANK.s1);
  return { s0, s1, s2: part(BLANK.s2) };
}
