import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../sim/cli/main.ts';

const root = new URL('..', import.meta.url).pathname;
const workloads = join(root, 'scenarios/workloads');

/** Runs `racesim gate` (in this process) on a config written to a temp folder; returns exit code, output and the files written. */
async function gate(config: string) {
  const dir = mkdtempSync(join(tmpdir(), 'racesim-gate-'));
  const file = join(dir, 'gate.yaml');
  writeFileSync(file, config);
  const summary = join(dir, 'summary.md');
  const junit = join(dir, 'junit.xml');
  const stepSummary = process.env.GITHUB_STEP_SUMMARY;
  delete process.env.GITHUB_STEP_SUMMARY; // a CI run of these tests must not append their summaries to its own
  const r = await runCli(['gate', '--config', file, '--summary', summary, '--junit', junit, '--workers', '1']).finally(() => {
    if (stepSummary !== undefined) process.env.GITHUB_STEP_SUMMARY = stepSummary;
  });
  const read = (f: string) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };
  return { code: r.code, out: r.stdout + r.stderr, summary: read(summary), junit: read(junit) };
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
  it('passes (exit 0) when every limit is above the upper bound of what the variant measures', async () => {
    const r = await gate(check('maxStaleAvailableRate: 0.7, maxKeysForgottenPerBooking: 31'));
    expect(r.code).toBe(0);
    expect(r.summary).toContain('all checks hold');
    expect(r.junit).toContain('tests="1" failures="0"');
  });

  it('fails (exit 1) when a limit is below what the variant measures, and says which, by how much, and how to replay', async () => {
    // fix off on two callers: B hears a stale "available" in every run (half of all answers), and the rejection
    // offers two fresh alternatives: 1 stale of 4 heard (2 answers + 2 alternatives) per run.
    const r = await gate(check('maxStaleAvailableRate: 0.1, maxKeysForgottenPerBooking: 31'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL two-callers-off: maxStaleAvailableRate: the rate 25.00 % (40 of 160 answers and offered alternatives) is above 10 %');
    expect(r.out).toContain('replay: racesim compare --workload');
    expect(r.junit).toContain('failures="1"');
    expect(r.junit).toContain('maxStaleAvailableRate: the rate 25.00 % (40 of 160 answers and offered alternatives) is above 10 %');
  });

  it('a bad config or a check that runs no calls exits 2', async () => {
    expect((await gate(check('maxStaleRate: 0.1'))).code).toBe(2);
    expect((await gate('checks: []\n')).code).toBe(2);
    const empty = join(mkdtempSync(join(tmpdir(), 'racesim-')), 'empty.yaml');
    writeFileSync(empty, readFileSync(`${workloads}/app-analysis.yaml`, 'utf8').replace('arrivalsPerHour: 450', 'arrivalsPerHour: 0'));
    const zero = await gate(check('maxConflictRate: 0.5', empty, 'on'));
    expect(zero.code).toBe(2);
    expect(zero.out).toContain('ran zero calls');
  });
});
