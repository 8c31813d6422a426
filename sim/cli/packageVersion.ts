import { existsSync, readFileSync } from 'node:fs';

/**
 * racesim's version from its package.json: two folders up from the sources (sim/cli/), three from
 * the compiled CLI (dist/sim/cli/).
 */
export function packageVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    const file = new URL(up, import.meta.url);
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'racesim' && pkg.version) return pkg.version;
  }
  return 'unknown';
}
