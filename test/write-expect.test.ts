import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';
import { loadScenarioFile } from '../sim/scenario/loadScenario.ts';

const root = new URL('..', import.meta.url).pathname;
const testCase2 = readFileSync(join(root, 'scenarios/test-case-2-parallel-users.yaml'), 'utf8');

/** Test case 2 with a world block and a comment, in a temp folder. */
function incident(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'racesim-expect-')), 'incident.yaml');
  writeFileSync(file, testCase2.replace('steps:\n', '# from the 2025-10-20 logs\nworld: { webhooks: { enabled: true, delayMs: 1000 }, ttl: { layer1: 60, layer2: 300 } }\nsteps:\n'));
  return file;
}

describe('racesim run --write-expect', () => {
  it('writes every field of every step for the given variants, keeping the rest of the file byte for byte', async () => {
    const file = incident();
    const before = readFileSync(file, 'utf8');
    const r = await runCli(['run', file, '--fix', 'on', '--write-expect']);
    expect(r.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after.slice(0, before.indexOf('expect:'))).toBe(before.slice(0, before.indexOf('expect:')));
    expect(after).toContain('    - { step: 2, outcome: available, stale: true, servedBy: layer2, truth: taken }'); // "off" untouched
    expect(after).toContain('    - { step: 2, outcome: unavailable, truth: taken, stale: false, servedBy: calcom, attribution: null, staleLayer: null, offersTaken: false, alternatives: [ "12:30", "13:30" ] }');
    expect(loadScenarioFile(file).expect.on).toHaveLength(5); // four steps and the watched key
  });

  it('round trip: the written file replays (exit 0); a changed world fails it (exit 1)', async () => {
    const file = incident();
    expect((await runCli(['run', file, '--fix', 'off,on', '--write-expect'])).code).toBe(0);
    for (const fix of ['off', 'on']) expect((await runCli(['run', file, '--fix', fix, '--quiet'])).code).toBe(0);
    const written = readFileSync(file, 'utf8');
    writeFileSync(file, written.replace('layer2: 300', 'layer2: 5')); // B's stale Layer 2 answer expires before B asks
    expect((await runCli(['run', file, '--fix', 'off', '--quiet'])).code).toBe(1);
  });

  it('refuses --save beside it (exit 2, one line)', async () => {
    const r = await runCli(['run', incident(), '--fix', 'on', '--write-expect', '--save', join(tmpdir(), 'x.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^racesim: --write-expect: /);
  });
});
