import { InputError, readInputFile } from '../inputError.ts';
import { mergeState, type AccumulatorState } from '../metrics/accumulator.ts';
import { writeFileAtomic } from '../reports/writeAtomic.ts';
import type { Shard } from '../workloads/measureOptions.ts';

/**
 * What `--shard i/n` writes and `racesim merge` reads: the options a part ran with (those that decide
 * the result) and its run statistics. Merging adds the statistics, so n parts give the unsharded result.
 */
export interface PartialResult {
  readonly format: typeof PARTIAL_FORMAT;
  readonly kind: 'compare' | 'sweep' | 'gate';
  readonly options: Record<string, unknown>;
  readonly shard: Shard;
  readonly states: Record<string, AccumulatorState>;
}

const PARTIAL_FORMAT = 'racesim-partial/1';

export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new InputError(`--shard: expected i/n with 1 ≤ i ≤ n, got "${text}"`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** Writes a partial to `out`, or to standard output without one. */
export function writePartial(out: string | undefined, partial: Omit<PartialResult, 'format'>): void {
  const text = JSON.stringify({ format: PARTIAL_FORMAT, ...partial });
  if (!out) return console.log(text);
  writeFileAtomic(out, text + '\n');
  console.error(`partial ${partial.shard.index}/${partial.shard.count} written to ${out}`);
}

/** Reads the n parts of one run and adds their statistics; refuses parts of different runs or a missing part. */
export function mergePartials(files: readonly string[]): { kind: PartialResult['kind']; options: Record<string, unknown>; states: Record<string, AccumulatorState> } {
  const partials = files.map((file): PartialResult => {
    let partial: PartialResult;
    try {
      partial = JSON.parse(readInputFile(file, 'partial result'));
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`${file}: not JSON (${(error as Error).message}); expected a file written with --shard i/n`);
    }
    if (partial.format !== PARTIAL_FORMAT) throw new InputError(`${file}: format: expected "${PARTIAL_FORMAT}"; write partials with --shard i/n`);
    return partial;
  });
  const [first] = partials;
  const count = first.shard.count;
  const same = partials.every((p) => p.kind === first.kind && p.shard.count === count && JSON.stringify(p.options) === JSON.stringify(first.options));
  if (!same) throw new InputError(`${files.join(', ')}: the partials come from different commands or options; merge the parts of one run`);
  const indexes = partials.map((p) => p.shard.index).sort((a, b) => a - b);
  if (indexes.join() !== Array.from({ length: count }, (_, i) => i + 1).join()) {
    throw new InputError(`${files.join(', ')}: expected shards 1..${count} once each, got ${indexes.join(', ')}`);
  }
  const states: Record<string, AccumulatorState> = {};
  for (const p of partials) for (const [key, state] of Object.entries(p.states)) states[key] = states[key] ? mergeState(states[key], state) : state;
  return { kind: first.kind, options: first.options, states };
}
