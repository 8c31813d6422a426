/**
 * How the explorer orders events due at the same millisecond: uniformly at random, or by PCT
 * (probabilistic concurrency testing: random priorities with a few priority-change points).
 * Apart from the explorer so that the CLI can list them without loading fast-check.
 */
export type Strategy = 'random' | 'pct';
export const strategies: readonly Strategy[] = ['random', 'pct'];
