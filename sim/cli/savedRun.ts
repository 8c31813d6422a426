import { clip, InputError, quote, readInputFile } from '../inputError.ts';
import { limits } from '../limits.ts';
import type { ProfileName, VariantName } from '../systems/registry.ts';
import type { StoreKind } from '../stores/cacheStore.ts';

/** What `racesim run --save` writes and `racesim replay` reads: the inputs, the seed, and the trace. */
export interface SavedRun {
  readonly format: typeof SAVED_RUN_FORMAT;
  /** Where the scenario came from (for messages; the text below is what is replayed). */
  readonly scenarioFile: string;
  readonly scenarioText: string;
  /** For a run on a cache stack: the stack file as it was when the run was saved (replay reads nothing else). */
  readonly stack?: { readonly file: string; readonly text: string };
  /** askproai's profile (a stack's run names the stack's only version). */
  readonly profile: ProfileName | (string & {});
  /** A variant of the run's system: askproai's, or the stack file's. */
  readonly fix: VariantName | (string & {});
  readonly seed: number;
  readonly store: StoreKind;
  readonly traceHash: string;
  readonly trace: readonly string[];
}

export const SAVED_RUN_FORMAT = 'racesim-run/1';

export function readSavedRun(file: string): SavedRun {
  const saved = readJsonObject(file, 'saved run', 'racesim run --save') as Partial<SavedRun>;
  if (saved.format !== SAVED_RUN_FORMAT) throw new InputError(`${clip(file)}: format: expected "${SAVED_RUN_FORMAT}", got ${quote(saved.format)}`);
  for (const field of ['scenarioFile', 'scenarioText', 'profile', 'fix', 'traceHash'] as const) {
    if (typeof saved[field] !== 'string') throw new InputError(`${clip(file)}: ${field}: expected a string, got ${quote(saved[field])}`);
  }
  if (saved.stack !== undefined && !(typeof saved.stack?.file === 'string' && typeof saved.stack?.text === 'string')) {
    throw new InputError(`${clip(file)}: stack: expected { "file": string, "text": string }, got ${quote(saved.stack)}`);
  }
  if (!Number.isSafeInteger(saved.seed) || saved.seed! < 0) throw new InputError(`${clip(file)}: seed: expected an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got ${quote(saved.seed)}`);
  // A missing or mangled trace is not refused here: replay reports it as a trace that does not match its hash.
  const trace = Array.isArray(saved.trace) && saved.trace.every((line) => typeof line === 'string') ? saved.trace : [];
  return { ...(saved as SavedRun), trace };
}

/** Reads a JSON file racesim wrote (a saved run, a partial) and insists on an object at its top. */
export function readJsonObject(file: string, what: string, writer: string): Record<string, unknown> {
  const text = readInputFile(file, what, limits.resultFileBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text it stopped at; a file that is not JSON may be a secret, so only the position is said.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new InputError(`${clip(file)}: not JSON${at ? ` (at character ${at})` : ''}; expected a file written by ${writer}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${clip(file)}: expected a JSON object written by ${writer}, got ${quote(value)}`);
  return value as Record<string, unknown>;
}
