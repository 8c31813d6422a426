import { relative } from 'node:path';
import type { VariantMeasurement } from '../metrics/measurement.ts';
import { measurementOf, type AccumulatorState } from '../metrics/accumulator.ts';
import type { Shard } from '../workloads/measureOptions.ts';
import { compareStates } from '../workloads/monteCarlo.ts';
import type { Progress } from '../workloads/runJobs.ts';
import { loadWorkloadFile } from '../workloads/workload.ts';
import { clip, InputError, quote } from '../inputError.ts';
import type { GateCheck, LimitName } from './gateConfig.ts';

export interface LimitResult {
  readonly limit: LimitName;
  readonly bound: number;
  readonly measured: number;
  readonly holds: boolean;
}

export interface CheckResult {
  readonly check: GateCheck;
  readonly measurement: VariantMeasurement;
  readonly limits: readonly LimitResult[];
  readonly passed: boolean;
  /** The one-line command that reproduces the measurement. */
  readonly replay: string;
}

const measuredBy: Record<LimitName, (m: VariantMeasurement) => number> = {
  maxConflictRate: (m) => m.conflictRate.value,
  maxConflictRateUpper: (m) => m.conflictRate.ci95[1],
  maxStaleAvailableRate: (m) => m.staleAvailableRate.value,
  maxStaleAvailableRateUpper: (m) => m.staleAvailableRate.ci95[1],
  maxStaleDirectRate: (m) => m.staleSplit.direct.rate.value,
  maxStaleDirectRateUpper: (m) => m.staleSplit.direct.rate.ci95[1],
  maxStaleAlternativesRate: (m) => m.staleSplit.alternatives.rate.value,
  maxStaleAlternativesRateUpper: (m) => m.staleSplit.alternatives.rate.ci95[1],
  maxWrongSlotConflictRate: (m) => (m.bookingAttempts ? m.attribution.wrongSlot / m.bookingAttempts : 0),
  maxWrongSlotFalseUnavailableRate: (m) => (m.availabilityAnswers ? m.falseUnavailableWrongSlot / m.availabilityAnswers : 0),
  maxKeysForgottenPerBooking: (m) => m.keysForgottenPerBooking,
};

const replayOf = (check: GateCheck) =>
  [
    `racesim compare --workload ${relative(process.cwd(), check.workload)} --fix ${check.fix} --runs ${check.runs} --seed ${check.seed}`,
    check.profile ? ` --profile ${check.profile}` : '',
  ].join('');

/** The run statistics of one check (or of this shard's share of its seeds). */
export async function gateCheckState(check: GateCheck, workers = 1, shard?: Shard, onProgress?: Progress): Promise<AccumulatorState> {
  const workload = loadWorkloadFile(check.workload);
  const options = { workload, variants: [check.fix], runs: check.runs, seed: check.seed, profile: check.profile, command: replayOf(check), workers, onProgress };
  return (await compareStates(options, shard))[check.fix];
}

/** Runs one gate check. Results are deterministic for its seed, so the gate never flakes. */
export async function runGateCheck(check: GateCheck, configFile: string, workers = 1): Promise<CheckResult> {
  return judgeGateCheck(check, await gateCheckState(check, workers), configFile);
}

/** Holds a check's measurement to its limits. */
export function judgeGateCheck(check: GateCheck, state: AccumulatorState, configFile: string): CheckResult {
  const replay = replayOf(check);
  const measurement = measurementOf(state);
  if (measurement.calls === 0) throw new InputError(`${clip(configFile)}: check ${quote(check.name)} ran zero calls; a rate over nothing proves nothing (raise runs or the workload's arrivals)`);
  const limits = (Object.entries(check.limits) as [LimitName, number][]).map(([limit, bound]) => {
    const measured = measuredBy[limit](measurement);
    return { limit, bound, measured, holds: measured <= bound };
  });
  return { check, measurement, limits, passed: limits.every((l) => l.holds), replay };
}

export function gateMarkdown(results: readonly CheckResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  const lines = [
    `## racesim gate: ${failed === 0 ? '✅ all checks hold' : `❌ ${failed} of ${results.length} checks failed`}`,
    '',
    '| check | variant | runs | seed | limit | measured | bound | |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    for (const l of r.limits) {
      lines.push(`| ${r.check.name} | ${r.check.fix} | ${r.check.runs} | ${r.check.seed} | ${l.limit} | ${format(l.measured)} | ${format(l.bound)} | ${l.holds ? '✅' : '❌'} |`);
    }
  }
  lines.push('', 'Replay a check:', '', ...results.map((r) => `- ${r.check.name}: \`${r.replay}\``), '');
  return lines.join('\n');
}

export function gateJunit(results: readonly CheckResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  const cases = results.map((r) => {
    const failures = r.limits.filter((l) => !l.holds);
    const body = failures.length
      ? `<failure message="${xml(failures.map((l) => `${l.limit}: measured ${format(l.measured)} > ${format(l.bound)}`).join('; '))}">${xml(`replay: ${r.replay}`)}</failure>`
      : '';
    return `  <testcase classname="racesim.gate" name="${xml(r.check.name)}">${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="racesim gate" tests="${results.length}" failures="${failed}">\n${cases.join('\n')}\n</testsuite>\n`;
}

export const format = (x: number) => (Number.isInteger(x) ? String(x) : x < 1 ? x.toPrecision(3) : x.toFixed(1));
const xml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
