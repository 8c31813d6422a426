import type { Rate } from './measurement.ts';

/** An estimate with its 95 % interval. */
export interface Estimate {
  readonly value: number;
  readonly ci95: readonly [number, number];
}

/**
 * A variant's rate and how many trials of that kind it sees per unit (a busy week, or 100 trials for
 * percentage points): its events per unit are `rate × perUnit`, its interval the Wilson interval's ends
 * times `perUnit` (the trials per unit taken as known).
 */
export interface ScaledRate {
  readonly rate: Rate;
  readonly perUnit: number;
}

/** A variant against a baseline: the difference of their events per unit, and the change relative to the baseline's. */
export interface AgainstBaseline {
  /** Variant minus baseline, events per unit. */
  readonly difference: Estimate;
  /** Variant over baseline, less one (−0.29 is 29 % fewer); null when the baseline had none. */
  readonly relative: Estimate | null;
}

/**
 * Each 95 % interval is built from the two variants' own Wilson intervals by MOVER (the method of
 * variance estimates recovery): Newcombe's square-and-add for the difference (his method 10, scaled to
 * events per unit), Donner and Zou (2012) for the ratio. Both treat the variants as independent samples;
 * run on the same seeds they are positively correlated, which only makes these intervals wider than they
 * need be. A ratio bound MOVER cannot give (the baseline's interval reaching past twice its value, or down
 * to 0) is the plain quotient of the interval ends instead, wider still.
 */
export function againstBaseline(variant: ScaledRate, baseline: ScaledRate): AgainstBaseline {
  const [v, vLow, vHigh] = scaled(variant);
  const [b, bLow, bHigh] = scaled(baseline);
  const value = v - b;
  const difference: Estimate = {
    value,
    ci95: [value - Math.hypot(v - vLow, bHigh - b), value + Math.hypot(vHigh - v, b - bLow)],
  };
  if (b === 0) return { difference, relative: null };
  const product = v * b;
  const low = bHigh < 2 * b ? (product - Math.sqrt(Math.max(0, product * product - vLow * bHigh * (2 * b - bHigh) * (2 * v - vLow)))) / (bHigh * (2 * b - bHigh)) : vLow / bHigh;
  const high = bLow > 0 ? (product + Math.sqrt(Math.max(0, product * product - vHigh * bLow * (2 * b - bLow) * (2 * v - vHigh)))) / (bLow * (2 * b - bLow)) : Infinity;
  return { difference, relative: { value: v / b - 1, ci95: [low - 1, high - 1] } };
}

const scaled = ({ rate, perUnit }: ScaledRate) => [rate.value * perUnit, rate.ci95[0] * perUnit, rate.ci95[1] * perUnit] as const;
