import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { defaultSystemRef } from '../sim/systems/registry.ts';
import { describe, expect, it } from 'vitest';
import { compose, noEvidence, type Checker, type Result } from '../sim/checkers/checker.ts';
import type { JudgedRun } from '../sim/checkers/judgedRun.ts';
import { parseProperties, parseProperty } from '../sim/checkers/properties.ts';
import { addViolatingRuns, NAMED_SEEDS, violatingRuns, type ViolatingRunCount } from '../sim/checkers/violatingRuns.ts';
import { runCli } from '../sim/cli/main.ts';
import { emptyState, mergeState } from '../sim/metrics/accumulator.ts';
import { loadScenarioFile, parseScenario } from '../sim/scenario/loadScenario.ts';
import { runScenario } from '../sim/scenario/runScenario.ts';
import { withExpectations } from '../sim/scenario/writeExpect.ts';
import { measureRun } from '../sim/workloads/measureRun.ts';
import { loadWorkloadFile } from '../sim/workloads/workload.ts';

const root = new URL('..', import.meta.url).pathname;
const staleAlternativeFile = join(root, 'scenarios/askproai/seed-stale-alternative.yaml');
const twoCallers = join(root, 'scenarios/workloads/two-callers.yaml');

/** A checker that answers what the run says (a stand-in run carries its result). */
const fixed = (name: string, result: Result): Checker => ({ name, summary: name, check: () => ({ result, message: `${name} is ${result}`, evidence: noEvidence }) });
const stubRun = (result: Result) => ({ result }) as unknown as JudgedRun;
const readsStub: Checker = { name: 'stub', summary: 'the stub run says', check: (run) => ({ result: (run as unknown as { result: Result }).result, evidence: noEvidence }) };

describe('the checker protocol', () => {
  it('a property checker reads one judged run and names its evidence: steps, answer events, expectations', () => {
    const run = runScenario(loadScenarioFile(staleAlternativeFile), { fix: 'on', seed: 1 });
    const [alternatives, direct] = parseProperties('no-stale-alternatives,no-stale-direct');
    const verdict = alternatives.check(run.judged);
    expect(verdict.result).toBe('invalid');
    expect(verdict.message).toBe('step 4 (C) was offered 2025-10-20 13:00 as an alternative 5000 ms after Cal.com accepted its booking (served by layer2)');
    expect(verdict.evidence.steps).toEqual([4]);
    expect(verdict.evidence.expectations).toEqual([{ step: 4, offersTaken: true }]);
    const answered = run.events.filter((e) => e.kind === 'call.answered' && e.step === 4).map((e) => e.id);
    expect(answered).toHaveLength(1);
    expect(verdict.evidence.events).toEqual(answered);
    expect(direct.check(run.judged)).toEqual({ result: 'valid', evidence: noEvidence });
  });

  it('compose: invalid if any is invalid, else unknown if any is unknown, else valid, with each part', () => {
    const [ok, broken, unsure] = [fixed('a', 'valid'), fixed('b', 'invalid'), fixed('c', 'unknown')];
    const run = stubRun('valid');
    expect(compose(ok, ok).check(run).result).toBe('valid');
    expect(compose(ok, unsure).check(run).result).toBe('unknown');
    expect(compose(unsure, broken, ok).check(run).result).toBe('invalid');
    const verdict = compose(ok, broken, unsure).check(run);
    expect(verdict.message).toBe('b: b is invalid; c: c is unknown');
    expect(Object.keys(verdict.parts!)).toEqual(['a', 'b', 'c']);
    expect(compose(ok).check(run).message).toBeUndefined();
  });

  it('violating runs: merging the folds of any split equals adding every run, in the fold and in the accumulator state, violating seeds included', () => {
    const results = fc.array(fc.constantFrom<Result>('valid', 'invalid', 'unknown'), { maxLength: 40 });
    fc.assert(
      fc.property(results, fc.array(fc.nat(40), { maxLength: 4 }), (runs, cuts) => {
        const fold = violatingRuns(readsStub);
        // Run i has seed 100 + i, as a measurement's run i has seed + i.
        const seeded = runs.map((r, i) => ({ run: stubRun(r), seed: 100 + i }));
        const all = seeded.reduce(fold.add, fold.empty());
        const bounds = [0, ...[...cuts].map((c) => Math.min(c, runs.length)).sort((a, b) => a - b), runs.length];
        const parts = bounds.slice(1).map((end, i) => seeded.slice(bounds[i], end));
        const merged = parts.map((part) => part.reduce(fold.add, fold.empty())).reduce(fold.merge, fold.empty());
        expect(merged).toEqual(all);
        const violatingSeeds = seeded.filter(({ run }) => (run as unknown as { result: Result }).result !== 'valid').map((s) => s.seed);
        expect(all).toEqual<ViolatingRunCount>({
          runs: runs.length,
          invalid: runs.filter((r) => r === 'invalid').length,
          unknown: runs.filter((r) => r === 'unknown').length,
          seeds: violatingSeeds.slice(0, NAMED_SEEDS),
        });
        // The same counts, carried in the accumulator state across workers and shards (mergeState), the parts in any order.
        const states = parts.map((part) => {
          const state = emptyState(['layer1', 'layer2']);
          for (const s of part) addViolatingRuns(state.violatingRuns, [readsStub], s);
          return state;
        });
        const state = states.reverse().reduce((into, part) => mergeState(into, part), emptyState(['layer1', 'layer2']));
        expect(state.violatingRuns.stub ?? fold.empty()).toEqual(all);
      }),
    );
  });

  it('a Monte Carlo run is judged without events; the same property checks it', () => {
    const workload = loadWorkloadFile(twoCallers);
    let judged: JudgedRun | undefined;
    measureRun({ workload, config: workload.world, system: defaultSystemRef, profile: 'seed', variant: 'off' }, 1, (_, run) => (judged = run));
    expect(judged!.events).toBeNull();
    expect(judged!.records.length).toBe(judged!.judgements.length);
    expect(parseProperty('no-stale-available', 'test').check(judged!).result).toBe('invalid');
  });

  it('bad property names and arguments keep the --property messages', () => {
    expect(() => parseProperties('no-such')).toThrow(/^--property: unknown property "no-such"; expected one of no-stale-available, no-stale-direct/);
    expect(() => parseProperties('no-stale-after')).toThrow('--property: no-stale-after takes a whole number <ms> up to 999999999, e.g. "no-stale-after 1000"');
    expect(() => parseProperties('no-double-booking 3')).toThrow('--property: unexpected "no-double-booking 3"');
  });
});

describe('a property in a scenario\'s expect', () => {
  const text = readFileSync(staleAlternativeFile, 'utf8');
  const withEntries = (entries: object[]) => withExpectations(text, { on: entries as never });

  it('holding and broken, as expected: the run passes; the other way round: it fails saying why', () => {
    const expected = parseScenario(withEntries([{ property: 'no-stale-direct' }, { property: 'no-stale-alternatives', holds: false }]), 'expected.yaml');
    const passing = runScenario(expected, { fix: 'on', seed: 1 }).report.expectations;
    expect(passing).toMatchObject({ passed: 2, failed: 0 });
    const wrong = parseScenario(withEntries([{ property: 'no-stale-alternatives' }, { property: 'no-stale-direct', holds: false }]), 'wrong.yaml');
    const { results, failed } = runScenario(wrong, { fix: 'on', seed: 1 }).report.expectations;
    expect(failed).toBe(2);
    expect(results[0].mismatches).toEqual([
      'property no-stale-alternatives: expected to hold, broken: step 4 (C) was offered 2025-10-20 13:00 as an alternative 5000 ms after Cal.com accepted its booking (served by layer2)',
    ]);
    expect(results[1].mismatches).toEqual(['property no-stale-direct: expected broken, holds']);
  });

  it('racesim run exits 1 on a broken property entry, 0 when it holds, 2 naming the field for an unknown property', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-checkers-'));
    const write = (name: string, entries: object[]) => {
      writeFileSync(join(dir, name), withEntries(entries));
      return join(dir, name);
    };
    const holds = await runCli(['run', write('holds.yaml', [{ property: 'no-stale-direct' }]), '--fix', 'on']);
    expect(holds.code).toBe(0);
    const broken = await runCli(['run', write('broken.yaml', [{ property: 'no-stale-available' }]), '--fix', 'on']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/✗ property=no-stale-available {2}— property no-stale-available: expected to hold, broken: step 4 \(C\)/);
    // --write-expect keeps the property entries, each as this run showed it.
    const rewritten = write('rewritten.yaml', [{ property: 'no-stale-direct' }, { property: 'no-stale-available' }]);
    expect((await runCli(['run', rewritten, '--fix', 'on', '--write-expect'])).code).toBe(0);
    expect(parseScenario(readFileSync(rewritten, 'utf8'), rewritten).expect.on.filter((e) => 'property' in e)).toEqual([
      { property: 'no-stale-direct' },
      { property: 'no-stale-available', holds: false },
    ]);
    expect((await runCli(['run', rewritten, '--fix', 'on'])).code).toBe(0);
    const bad = await runCli(['run', write('bad.yaml', [{ property: 'no-stale-availabel' }]), '--fix', 'on']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+: expect\.on\.0\.property: unknown property "no-stale-availabel"/);
  });
});

describe('gate: maxViolatingRunRate', () => {
  /** Runs `racesim gate` on a one-check config over the two-callers workload. */
  async function gate(limits: string, fix: string) {
    const dir = mkdtempSync(join(tmpdir(), 'racesim-checkers-gate-'));
    const config = join(dir, 'gate.yaml');
    writeFileSync(config, `checks:\n  - name: pair-${fix}\n    workload: ${twoCallers}\n    fix: "${fix}"\n    runs: 30\n    seed: 1\n    limits: { ${limits} }\n`);
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    delete process.env.GITHUB_STEP_SUMMARY;
    const r = await runCli(['gate', '--config', config, '--summary', join(dir, 's.md'), '--junit', join(dir, 'j.xml'), '--workers', '1']).finally(() => {
      if (stepSummary !== undefined) process.env.GITHUB_STEP_SUMMARY = stepSummary;
    });
    return { code: r.code, out: r.stdout + r.stderr };
  }

  it('passes when no run breaks the property (limit 0 judged on the count)', async () => {
    const r = await gate('maxViolatingRunRate: { property: no-stale-available, limit: 0 }', 'on');
    expect(r.out).toContain('ok   pair-on: maxViolatingRunRate no-stale-available count 0, rate 0.00 % ≤ 0 % (0 of 30 runs (no-stale-available), rate 0.00 %)');
    expect(r.code).toBe(0);
  });

  it('fails when runs break it, judged on the upper Wilson bound; a list holds each entry', async () => {
    const r = await gate('maxViolatingRunRate: [{ property: no-stale-direct, limit: 0.5 }, { property: "no-double-booking", limit: 0.2 }]', 'off');
    expect(r.out).toMatch(/FAIL pair-off: maxViolatingRunRate no-stale-direct: the rate 100\.00 % \(30 of 30 runs \(no-stale-direct\)\) is above 50 %/);
    expect(r.out).toMatch(/ok {3}pair-off: maxViolatingRunRate no-double-booking upper bound 11\.35 % ≤ 20 %/);
    expect(r.code).toBe(1);
  });

  it('an unknown property is exit 2 naming checks.N.limits.maxViolatingRunRate.property', async () => {
    const single = await gate('maxViolatingRunRate: { property: no-such, limit: 0.1 }', 'on');
    expect(single.code).toBe(2);
    expect(single.out).toMatch(/gate\.yaml:\d+: checks\.0\.limits\.maxViolatingRunRate\.property: unknown property "no-such"/);
    const listed = await gate('maxViolatingRunRate: [{ property: no-stale-direct, limit: 0.1 }, { property: "no-stale-after x", limit: 0.1 }]', 'on');
    expect(listed.code).toBe(2);
    expect(listed.out).toMatch(/checks\.0\.limits\.maxViolatingRunRate\.1\.property: no-stale-after takes a whole number <ms>/);
  });
});
