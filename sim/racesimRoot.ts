import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegularFile } from './inputError.ts';

/** racesim's package.json: its name and version. */
export interface RacesimPackage {
  readonly root: string;
  readonly version: string;
}

let found: RacesimPackage | null | undefined;
const PACKAGE_JSON_BYTES = 1 << 20;

/**
 * racesim's own package folder, found by walking up from this module to the package.json named
 * racesim: the same answer from the sources (sim/), the compiled tree (dist/sim/) and the bundled CLI
 * (dist/cli/), which sit at different depths. Null when racesim runs outside its package.
 */
export function racesimPackage(): RacesimPackage | null {
  if (found !== undefined) return found;
  found = null;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readRegularFile(file, 'package.json', PACKAGE_JSON_BYTES, false).toString('utf8')) as { name?: string; version?: string };
      if (pkg.name === 'racesim') return (found = { root: dir, version: pkg.version ?? 'unknown' });
    }
    if (dirname(dir) === dir) return found;
  }
}

/** A file shipped with racesim (e.g. one of its scenarios), by its path inside the package. */
export function racesimFile(pathInPackage: string): string {
  return join(racesimPackage()?.root ?? process.cwd(), pathInPackage);
}
