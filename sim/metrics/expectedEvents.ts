import { Z_95, type BusyDay } from './measurement.ts';

/**
 * Figures a team can act on: how many events a rate means at the workload's own arrival rate, and how
 * many runs would tell two rates apart.
 */

/**
 * Expected events per busy day: rate × the events of that kind per simulated hour (trials over runs ×
 * simulated hours per run) × busy hours per day.
 */
export function expectedPerDay(rate: number, trials: number, runs: number, day: BusyDay): number {
  const trialsPerHour = trials / (runs * day.simulatedHoursPerRun);
  return rate * trialsPerHour * day.hoursPerDay;
}

export const expectedPerWeek = (rate: number, trials: number, runs: number, day: BusyDay) => expectedPerDay(rate, trials, runs, day) * day.daysPerWeek;

/** z of 80 % power: a real difference of the observed size is found 4 times in 5. */
const Z_POWER_80 = 0.8416212335729143;

/**
 * Trials per variant at which a two-sided test at 5 % tells rates `p1` and `p2` apart with 80 % power
 * (the two-proportion sample size): n = (z₀.₉₇₅·√(2·p̄·(1 − p̄)) + z₀.₈·√(p1·(1 − p1) + p2·(1 − p2)))² / (p1 − p2)²,
 * p̄ = (p1 + p2) / 2. Undefined for equal rates: no sample separates them.
 */
export function trialsToSeparate(p1: number, p2: number): number | undefined {
  if (p1 === p2) return undefined;
  const mean = (p1 + p2) / 2;
  const root = Z_95 * Math.sqrt(2 * mean * (1 - mean)) + Z_POWER_80 * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((root * root) / ((p1 - p2) * (p1 - p2)));
}

/** A variant's events of one kind: how many, over how many trials, in how many runs. */
export interface CountedRate {
  readonly rate: number;
  readonly trials: number;
  readonly runs: number;
}

/** Runs per variant that give both variants `trialsToSeparate` trials at their observed trials per run. */
export function runsToSeparate(a: CountedRate, b: CountedRate): number | undefined {
  const trials = trialsToSeparate(a.rate, b.rate);
  if (trials === undefined || a.trials === 0 || b.trials === 0) return undefined;
  return Math.max(Math.ceil((trials * a.runs) / a.trials), Math.ceil((trials * b.runs) / b.trials));
}
