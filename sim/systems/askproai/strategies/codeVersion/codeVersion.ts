/**
 * The code version (an axis of a variant): facts of one commit of the app that are neither caching nor
 * invalidation, but change what the simulation sees. Data, and one validation rule.
 */
export interface CodeVersion {
  /** How `racesim variants` and `--fix a+b` conflicts name it, e.g. `dates-only`. */
  readonly name: string;
  /**
   * Why `getAvailableSlots` refuses the range strings the caller passed (`Y-m-d` or `Y-m-d H:i:s`), as
   * its validator names the rule, or null when it accepts them; `today()` is `Y-m-d` in the app's time
   * zone (asked only by versions that validate it). A refused range answers an error before the cache is read.
   */
  layer1RangeProblem(start: string, end: string, today: () => string): string | null;
  /**
   * How the finder prints the branch in its Layer 2 key: `%d` (null → 0, a UUID → its leading digits) or
   * `%s` (null → '', a UUID whole). The clear always prints `%d`.
   */
  readonly finderBranchFormat: '%d' | '%s';
  /**
   * What `features.skip_alternatives_for_voice` resolves to: true makes the function-call
   * `check_availability` offer no alternatives (on the profiles that read the flag).
   */
  readonly skipAlternativesForVoice: boolean;
  /** A Layer 1 result without a free slot is kept this long instead of the layer's TTL, in seconds; undefined keeps the layer's. */
  readonly emptyResultTtlSeconds?: number;
}
