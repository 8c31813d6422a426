import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const workloads = join(root, 'scenarios/workloads');

/** Runs `racesim gate` on a config written to a temp folder; returns exit code, output and the files written. */
function gate(config: string) {
  const dir = mkdtempSync(join(tmpdir(), 'racesim-gate-'));
  const file = join(dir, 'gate.yaml');
  writeFileSync(file, config);
  const summary = join(dir, 'summary.md');
  const junit = join(dir, 'junit.xml');
  const r = spawnSync(process.execPath, [join(root, 'bin/racesim.js'), 'gate', '--config', file, '--summary', summary, '--junit', junit], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_STEP_SUMMARY: '' },
  });
  const read = (f: string) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };
  return { code: r.status, out: r.stdout + r.stderr, summary: read(summary), junit: read(junit) };
}

const check = (limits: string, workload = `${workloads}/two-callers.yaml`, fix = 'off') => `checks:
  - name: two-callers-${fix}
    workload: ${workload}
    fix: "${fix}"
    runs: 40
    seed: 1
    limits: { ${limits} }
`;

describe('racesim gate', () => {
  it('passes (exit 0) when every limit is above the upper bound of what the variant measures', () => {
    const r = gate(check('maxStaleAvailableRate: 0.7, maxKeysForgottenPerBooking: 31'));
    expect(r.code).toBe(0);
    expect(r.summary).toContain('all checks hold');
    expect(r.junit).toContain('tests="1" failures="0"');
  });

  it('fails (exit 1) when a limit is below what the variant measures, and says which, by how much, and how to replay', () => {
    // fix off on two callers: B hears a stale "available" in every run, half of all answers.
    const r = gate(check('maxStaleAvailableRate: 0.1, maxKeysForgottenPerBooking: 31'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL two-callers-off: maxStaleAvailableRate: the rate 50.00 % (40 of 80 availability answers) is above 10 %');
    expect(r.out).toContain('replay: racesim compare --workload');
    expect(r.junit).toContain('failures="1"');
    expect(r.junit).toContain('maxStaleAvailableRate: the rate 50.00 % (40 of 80 availability answers) is above 10 %');
  });

  it('a bad config or a check that runs no calls exits 2', () => {
    expect(gate(check('maxStaleRate: 0.1')).code).toBe(2);
    expect(gate('checks: []\n').code).toBe(2);
    const empty = join(mkdtempSync(join(tmpdir(), 'racesim-')), 'empty.yaml');
    writeFileSync(empty, readFileSync(`${workloads}/app-analysis.yaml`, 'utf8').replace('arrivalsPerHour: 450', 'arrivalsPerHour: 0'));
    const zero = gate(check('maxConflictRate: 0.5', empty, 'on'));
    expect(zero.code).toBe(2);
    expect(zero.out).toContain('ran zero calls');
  });
});
