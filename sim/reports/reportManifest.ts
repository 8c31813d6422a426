import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readRegularFile } from '../inputError.ts';
import { fileNameProblem } from '../fileNames.ts';

/**
 * What makes a report folder racesim's: `.racesim-manifest`, written into the folder with its files,
 * lists each file by name with the SHA-256 of what racesim wrote. A later run replaces or removes only
 * folders whose every file it lists, unchanged; a name pattern never decides it.
 */
export const MANIFEST = '.racesim-manifest';
const FORMAT = 'racesim-manifest/1';
/** A manifest lists at most this many files, each name a plain file name: a larger or stranger one is not racesim's. */
const MAX_MANIFEST_BYTES = 1 << 20;

const sha256 = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex');

export interface Manifest {
  /** Name → SHA-256 (hex) of the content racesim wrote. */
  readonly files: ReadonlyMap<string, string>;
  /** Whether `content` is what racesim wrote as `name`. */
  matches(name: string, content: Uint8Array): boolean;
}

/** The manifest of a folder holding `files`. */
export function manifestText(files: ReadonlyMap<string, string>): string {
  return JSON.stringify({ format: FORMAT, files: Object.fromEntries([...files].map(([name, content]) => [name, sha256(content)])) }, null, 2) + '\n';
}

/** The manifest in `dir`, or undefined when it has none that racesim could have written. */
export function readManifest(dir: string): Manifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(readRegularFile(join(dir, MANIFEST), 'report manifest', MAX_MANIFEST_BYTES, false).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { format, files: listed } = value as { format?: unknown; files?: unknown };
  if (format !== FORMAT || typeof listed !== 'object' || listed === null || Array.isArray(listed)) return undefined;
  const files = new Map<string, string>();
  for (const [name, hash] of Object.entries(listed)) {
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash) || fileNameProblem(name) || name === MANIFEST) return undefined;
    files.set(name, hash);
  }
  return { files, matches: (name, content) => files.get(name) === sha256(content) };
}
