import { InputError, readInputFile } from '../inputError.ts';
import type { ProfileName, VariantName } from '../systems/askproai/catalog.ts';
import type { StoreKind } from '../stores/cacheStore.ts';

/** What `racesim run --save` writes and `racesim replay` reads: the inputs, the seed, and the trace. */
export interface SavedRun {
  readonly format: typeof SAVED_RUN_FORMAT;
  /** Where the scenario came from (for messages; the text below is what is replayed). */
  readonly scenarioFile: string;
  readonly scenarioText: string;
  readonly profile: ProfileName;
  readonly fix: VariantName;
  readonly seed: number;
  readonly store: StoreKind;
  readonly traceHash: string;
  readonly trace: readonly string[];
}

export const SAVED_RUN_FORMAT = 'racesim-run/1';

export function readSavedRun(file: string): SavedRun {
  const text = readInputFile(file, 'saved run');
  let saved: Partial<SavedRun>;
  try {
    saved = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not JSON (${(error as Error).message}); expected a file written by racesim run --save`);
  }
  if (saved.format !== SAVED_RUN_FORMAT) throw new InputError(`${file}: format: expected "${SAVED_RUN_FORMAT}", got ${JSON.stringify(saved.format)}`);
  for (const field of ['scenarioFile', 'scenarioText', 'profile', 'fix', 'traceHash'] as const) {
    if (typeof saved[field] !== 'string') throw new InputError(`${file}: ${field}: expected a string`);
  }
  if (typeof saved.seed !== 'number') throw new InputError(`${file}: seed: expected a number`);
  return saved as SavedRun;
}
