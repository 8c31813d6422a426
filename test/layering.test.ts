import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const depcruise = (cwd: string) =>
  spawnSync(process.execPath, [join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'sim', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd, encoding: 'utf8' });

// racesim's own tree is checked by `npm run deps` in .ci/run; this shows the rules can fail.
describe('layering (.dependency-cruiser.cjs)', () => {
  it('a tree that breaks the rules fails, naming each rule it breaks', () => {
    const r = depcruise(join(root, 'test/fixtures/layering'));
    expect(r.status).not.toBe(0);
    for (const rule of ['core-imports-nothing-above', 'system-only-through-registry', 'no-circular']) expect(r.stdout).toContain(rule);
  });
});
