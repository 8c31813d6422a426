/**
 * The range of every number and the length of every string a user can give racesim, in one place.
 * Outside them a command exits 2 naming the range: no input can make racesim allocate without bound or
 * loop without progress. The README's "Exit codes and guarantees" lists them.
 */
const DAY_MS = 86_400_000;

export const limits = {
  /** Runs of one command: --runs × variants (× gaps), a gate check's runs, --max-orderings. */
  runs: 10_000_000,
  /** Every duration: a workload's duration, TTLs, latencies, delays, gaps, think times. */
  durationMs: 31 * DAY_MS,
  /** Every rate: arrivals and external bookings per hour. */
  ratePerHour: 1_000_000,
  /** Callers one workload run may bring: (arrivals + external bookings per hour) × duration. */
  callersPerRun: 100_000,
  /** Steps of a scenario, and services of a world: a file's lists, bounded so a run's memory is. */
  scenarioSteps: 10_000,
  services: 1000,
  /** Days ahead a caller may want a slot. */
  daysAhead: 366,
  /** Years of every date a user writes (Date.UTC reads 0–99 as 1900–1999; the app's keys assume four digits). */
  years: [1970, 2199] as const,
  /** Seeds: seed + runs − 1 stays an exact integer, so no two runs share a seed. */
  seed: Number.MAX_SAFE_INTEGER,
  /** Ids (company, branch, team, event type) and other counts. */
  id: Number.MAX_SAFE_INTEGER,
  /** Weights and gate limits. */
  magnitude: 1_000_000,
  /** Characters of `description`, and of every other string in a file or on the command line. */
  descriptionChars: 65_536,
  stringChars: 256,
  /** Bytes of a file a user writes (scenario, workload, gate config), and of one racesim wrote (saved run with its trace, partial with its windows). */
  inputFileBytes: 16 * 1024 * 1024,
  resultFileBytes: 256 * 1024 * 1024,
  /** Nesting of YAML mappings and lists. */
  yamlDepth: 32,
  /** Points of one gap sweep (--gaps from:to:step). */
  sweepGaps: 1000,
  /** Steps of a scenario given to explore --exhaustive (orderings grow factorially with them). */
  exhaustiveSteps: 64,
  /** Seconds racesim waits for a Redis to connect or answer. */
  redisTimeoutMs: 5000,
} as const;

/** Why seed + runs − 1 would leave the exact integers (and two runs would share a seed), or undefined. */
export function checkSeedRange(seed: number, runs: number): string | undefined {
  if (seed + runs - 1 <= limits.seed) return undefined;
  return `seed ${seed} + runs ${runs} − 1 exceeds ${limits.seed}; expected seed at most ${limits.seed - runs + 1} so no two runs share a seed`;
}
