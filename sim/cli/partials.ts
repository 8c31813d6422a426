import { createHash } from 'node:crypto';
import { clip, InputError, quote } from '../inputError.ts';
import { limits } from '../limits.ts';
import { noRunsChecked } from '../checkers/violatingRuns.ts';
import { emptyState, layerNamesOf, mergeState, type AccumulatorState } from '../metrics/accumulator.ts';
import { writeFileAtomic } from '../reports/writeAtomic.ts';
import type { Shard } from '../workloads/measureOptions.ts';
import { parseOutputPath } from './options.ts';
import { readJsonObject } from './savedRun.ts';

/**
 * What `--shard i/n` writes and `racesim merge` reads: the options a part ran with (those that decide
 * the result), the text of every file it read (so merge never re-reads a file that may have changed
 * since), a hash of both that every part must share, the seeds each state covers, and the states.
 */
export interface PartialResult {
  readonly format: typeof PARTIAL_FORMAT;
  readonly kind: PartialKind;
  readonly options: Record<string, unknown>;
  /** Path → text of each file the part read: the workload, or the gate config and its workloads. */
  readonly inputs: Record<string, string>;
  /** sha256 of kind, options and inputs: parts of one run share it, and an edited part no longer matches its own. */
  readonly inputsHash: string;
  readonly shard: Shard;
  /** Per state: the seeds it covers, first + k·step for k < count. */
  readonly seeds: Record<string, SeedRange>;
  readonly states: Record<string, AccumulatorState>;
}

export type PartialKind = 'compare' | 'sweep' | 'gate';
export interface SeedRange {
  readonly first: number;
  readonly step: number;
  readonly count: number;
}

const PARTIAL_FORMAT = 'racesim-partial/4'; // 3: states carry their lowest-seed examples; 4: their runs violating each checked property, and per-layer counters keyed by the system's layer names
const KINDS: readonly PartialKind[] = ['compare', 'sweep', 'gate'];

export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d{1,8})\/(\d{1,8})$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]) || Number(m[2]) > limits.runs) {
    throw new InputError(`--shard: expected i/n with 1 ≤ i ≤ n ≤ ${limits.runs}, got ${quote(text)}`);
  }
  return { index: Number(m[1]), count: Number(m[2]) };
}

/** The seeds shard `shard` runs of seed..seed+runs−1: the run indexes r with r mod n = i − 1. */
export function seedRangeOf(seed: number, runs: number, shard: Shard): SeedRange {
  return { first: seed + shard.index - 1, step: shard.count, count: Math.max(0, Math.ceil((runs - shard.index + 1) / shard.count)) };
}

/** Writes a partial to `out`, or to standard output without one. */
export function writePartial(out: string | undefined, partial: Omit<PartialResult, 'format' | 'inputsHash'>): void {
  const path = parseOutputPath(out, '--out');
  const text = JSON.stringify({ format: PARTIAL_FORMAT, ...partial, inputsHash: inputsHashOf(partial) });
  if (!path) return console.log(text);
  writeFileAtomic(path, text + '\n');
  console.error(`partial ${partial.shard.index}/${partial.shard.count} written to ${path}`);
}

const inputsHashOf = (p: Pick<PartialResult, 'kind' | 'options' | 'inputs'>) =>
  createHash('sha256').update(JSON.stringify([p.kind, p.options, p.inputs])).digest('hex');

export interface MergedPartials {
  readonly kind: PartialKind;
  readonly options: Record<string, unknown>;
  readonly inputs: Record<string, string>;
  readonly states: Record<string, AccumulatorState>;
}

/**
 * Reads the n parts of one run and adds their states. Each part is verified first: its format, its
 * hash, its counts; then together: one hash, shards 1..n once each (no overlap, no gap), the same states.
 * `expectedSeeds` gives, from the (verified) options, the seeds each state of a shard must cover.
 */
export function mergePartials(files: readonly string[], expectedSeeds: (kind: PartialKind, options: Record<string, unknown>, inputs: Record<string, string>, shard: Shard) => Record<string, SeedRange>): MergedPartials {
  const partials = files.map((file) => readPartial(file));
  const [first] = partials;
  const differing = partials.findIndex((p) => p.inputsHash !== first.inputsHash || p.shard.count !== first.shard.count);
  if (differing !== -1) throw new InputError(`${clip(files[differing])}: comes from another run than ${clip(files[0])} (other command, options or input files); merge the parts of one run`);
  const indexes = partials.map((p) => p.shard.index).sort((a, b) => a - b);
  const count = first.shard.count;
  if (indexes.length !== count || indexes.some((index, i) => index !== i + 1)) {
    throw new InputError(`merge: expected shards 1..${count} once each, got ${clip(indexes.join(', '))}`);
  }
  partials.forEach((p, i) => checkSeeds(files[i], p, expectedSeeds(p.kind, p.options, p.inputs, p.shard)));
  const states: Record<string, AccumulatorState> = Object.create(null); // keyed by variant names: `__proto__` and `constructor` are names too
  for (const p of partials) for (const [key, state] of Object.entries(p.states)) states[key] = mergeState(states[key] ?? emptyState(layerNamesOf(state)), state);
  return { kind: first.kind, options: first.options, inputs: first.inputs, states };
}

function readPartial(file: string): PartialResult {
  const partial = readJsonObject(file, 'partial result', '--shard i/n') as unknown as PartialResult;
  const fail = (field: string, expected: string) => new InputError(`${clip(file)}: ${field}: expected ${expected}; write partials with --shard i/n`);
  if (partial.format !== PARTIAL_FORMAT) throw fail('format', `"${PARTIAL_FORMAT}", got ${quote(partial.format)}`);
  if (!KINDS.includes(partial.kind)) throw fail('kind', KINDS.join(', '));
  for (const field of ['options', 'inputs', 'seeds', 'states'] as const) if (!isRecord(partial[field])) throw fail(field, 'an object');
  if (!Object.values(partial.inputs).every((text) => typeof text === 'string')) throw fail('inputs', 'file texts');
  const shard = partial.shard as Partial<Shard> | undefined;
  if (!isRecord(shard) || !Number.isSafeInteger(shard.index) || !Number.isSafeInteger(shard.count) || shard.index! < 1 || shard.index! > shard.count!) throw fail('shard', '{ index, count } with 1 ≤ index ≤ count');
  if (partial.inputsHash !== inputsHashOf(partial)) throw fail('inputsHash', 'the hash of its kind, options and inputs (the file was edited)');
  const violatingTemplate = noRunsChecked();
  for (const [key, state] of Object.entries(partial.states)) {
    const { examples, violatingRuns: violations, ...counts } = (isRecord(state) ? state : {}) as Partial<AccumulatorState>;
    // A state counts the layers of its system: those are the fields its per-layer counts must have.
    const { examples: _, violatingRuns: __, ...countsTemplate } = emptyState(isRecord(counts.layers) ? layerNamesOf(counts as AccumulatorState) : []);
    checkCounts(file, `states.${key}`, countsTemplate, counts);
    checkExamples(file, `states.${key}.examples`, examples);
    if (!isRecord(violations)) throw fail(`states.${key}.violatingRuns`, 'property → { runs, invalid, unknown }');
    for (const [property, count] of Object.entries(violations)) checkCounts(file, `states.${key}.violatingRuns.${property}`, violatingTemplate, count);
  }
  return partial;
}

/** Every count of `value` a non-negative finite number, shaped as `template` (an empty state). */
function checkCounts(file: string, path: string, template: unknown, value: unknown): void {
  const fail = (expected: string) => new InputError(`${clip(file)}: ${clip(path)}: expected ${expected}, got ${quote(value)}`);
  if (typeof template === 'number') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw fail('a non-negative integer');
  } else if (Array.isArray(template)) {
    if (!Array.isArray(value) || !value.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) throw fail('a list of non-negative numbers');
  } else {
    if (!isRecord(value)) throw fail('an object');
    const keys = Object.keys(template as object);
    if (Object.keys(value).sort().join() !== [...keys].sort().join()) throw fail(`the fields ${keys.join(', ')}`);
    for (const key of keys) checkCounts(file, `${path}.${key}`, (template as Record<string, unknown>)[key], value[key]);
  }
}

/** Examples: kind → { seed, call }, both non-negative integers. */
function checkExamples(file: string, path: string, examples: unknown): void {
  const valid = (e: unknown) => isRecord(e) && Object.keys(e).sort().join() === 'call,seed' && [e.seed, e.call].every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
  if (!isRecord(examples) || !Object.values(examples).every(valid)) {
    throw new InputError(`${clip(file)}: ${clip(path)}: expected kind → { seed, call }, got ${quote(JSON.stringify(examples ?? null))}`);
  }
}

/** A part holds exactly the states its options call for, each over exactly its shard's seeds. */
function checkSeeds(file: string, partial: PartialResult, expected: Record<string, SeedRange>): void {
  const keys = Object.keys(expected);
  if (Object.keys(partial.states).sort().join() !== [...keys].sort().join()) {
    throw new InputError(`${clip(file)}: states: expected ${clip(keys.join(', '))}, got ${clip(Object.keys(partial.states).join(', '))}`);
  }
  for (const key of keys) {
    const seeds = partial.seeds[key] as SeedRange | undefined;
    const want = expected[key];
    if (!seeds || seeds.first !== want.first || seeds.step !== want.step || seeds.count !== want.count) {
      throw new InputError(`${clip(file)}: seeds.${clip(key)}: expected ${want.count} runs from seed ${want.first} every ${want.step}, got ${quote(JSON.stringify(seeds ?? null))}`);
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
