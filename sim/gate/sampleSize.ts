import { wilson } from '../metrics/measurement.ts';

/** The most trials the search considers: beyond it no gate run is feasible anyway. */
const MAX_TRIALS = 1e15;

/**
 * The fewest trials at which the upper 95 % Wilson bound of `rate` falls to `limit` (at or below), or
 * undefined when no sample can show it (the rate is at or above the limit). The bound shrinks as trials
 * grow for a fixed rate, so a binary search over the trial count finds it.
 */
export function trialsToShow(rate: number, limit: number): number | undefined {
  const shows = (trials: number) => wilson(rate * trials, trials).ci95[1] <= limit;
  if (rate >= limit || !shows(MAX_TRIALS)) return undefined;
  let low = 0; // does not show
  let high = MAX_TRIALS; // shows
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (middle > 0 && shows(middle)) high = middle;
    else low = middle;
  }
  return high;
}
