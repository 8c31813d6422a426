import { relative } from 'node:path';
import { wilson, type Rate, type VariantMeasurement } from '../metrics/measurement.ts';
import { measurementOf, type AccumulatorState } from '../metrics/accumulator.ts';
import type { Shard } from '../workloads/measureOptions.ts';
import { compareStates } from '../workloads/monteCarlo.ts';
import type { Progress } from '../workloads/runJobs.ts';
import { loadWorkloadFile } from '../workloads/workload.ts';
import { workloadRunLine } from '../workloads/exampleRun.ts';
import { clip, InputError, quote } from '../inputError.ts';
import { violating, type ViolatingRunCount } from '../checkers/violatingRuns.ts';
import { rateLimitOf, type GateCheck, type LimitName, type RateLimitName } from './gateConfig.ts';
import { trialsToShow } from './sampleSize.ts';
import { markdownCode, markdownText } from '../escape/markdown.ts';
import { shellCommand } from '../escape/shell.ts';
import { terminalSafe } from '../escape/terminal.ts';
import { xmlText } from '../escape/xml.ts';

export interface LimitResult {
  readonly limit: LimitName | 'maxViolatingRunRate';
  /** For maxViolatingRunRate: the property checked in every run. */
  readonly property?: string;
  readonly bound: number;
  /** For a rate: the upper end of its 95 % interval, which the limit is judged on. */
  readonly measured: number;
  readonly holds: boolean;
  /** For a rate: what it counts, e.g. 2 conflicts of 800 bookings, and the observed rate. */
  readonly sample?: { readonly events: number; readonly trials: number; readonly of: string; readonly rate: number };
  /** Why a failing limit failed, in words (too few events to show it, or a rate above it). */
  readonly why?: string;
  /** For maxViolatingRunRate: the lowest seeds (at most 5) of the runs that broke the property. */
  readonly violatingSeeds?: readonly number[];
  /** For maxViolatingRunRate with a violating run: the `racesim run --workload …` line that replays the lowest one and reports the property. */
  readonly replayRun?: string;
}

export interface CheckResult {
  readonly check: GateCheck;
  readonly measurement: VariantMeasurement;
  readonly limits: readonly LimitResult[];
  readonly passed: boolean;
  /** The one-line command that reproduces the measurement. */
  readonly replay: string;
  /** Wall time of the check; unknown after a merge (the shards ran it). Never in the summary or the verdict, which must not depend on the machine. */
  readonly seconds?: number;
}

/** What each rate limit counts; `…Upper` is the same limit under its older name. */
const rateOf: Record<RateLimitName, (m: VariantMeasurement) => { events: number; trials: number; of: string; rate: Rate }> = {
  maxConflictRate: (m) => ({ events: m.conflicts, trials: m.bookingAttempts, of: 'bookings', rate: m.conflictRate }),
  maxStaleAvailableRate: (m) => ({ events: m.staleAvailable, trials: m.availabilityAnswers + m.offeredAlternatives, of: 'answers and offered alternatives', rate: m.staleAvailableRate }),
  maxStaleDirectRate: (m) => ({ events: m.staleSplit.direct.stale, trials: m.staleSplit.direct.of, of: 'availability answers', rate: m.staleSplit.direct.rate }),
  maxStaleAlternativesRate: (m) => ({ events: m.staleSplit.alternatives.stale, trials: m.staleSplit.alternatives.of, of: 'offered alternatives', rate: m.staleSplit.alternatives.rate }),
  maxWrongSlotConflictRate: (m) => ({ events: m.attribution.wrongSlot, trials: m.bookingAttempts, of: 'bookings', rate: wilson(m.attribution.wrongSlot, m.bookingAttempts) }),
  maxWrongSlotFalseUnavailableRate: (m) => ({ events: m.falseUnavailableWrongSlot, trials: m.availabilityAnswers, of: 'availability answers', rate: wilson(m.falseUnavailableWrongSlot, m.availabilityAnswers) }),
};

const replayOf = (check: GateCheck) =>
  shellCommand([
    ...['racesim', 'compare', '--workload', relative(process.cwd(), check.workload), '--fix', check.fix, '--runs', String(check.runs), '--seed', String(check.seed)],
    ...(check.profile ? ['--profile', check.profile] : []),
    ...(check.stackAsWritten && check.system.stack ? ['--stack', relative(process.cwd(), check.system.stack.file)] : []),
  ]);

/** The run statistics of one check (or of this shard's share of its seeds). */
export async function gateCheckState(check: GateCheck, workers = 1, shard?: Shard, onProgress?: Progress): Promise<AccumulatorState> {
  const workload = loadWorkloadFile(check.workload);
  const properties = check.propertyLimits.map((l) => l.property);
  const options = { workload, system: check.system, variants: [check.fix], runs: check.runs, seed: check.seed, profile: check.profile, command: replayOf(check), workers, onProgress, properties };
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
  const limits = [
    ...(Object.entries(check.limits) as [LimitName, number][]).map(([limit, bound]) => judgeLimit(limit, bound, measurement, check.runs)),
    ...check.propertyLimits.map(({ property, limit }) => judgePropertyLimit(check, property, limit, state.violatingRuns[property])),
  ];
  return { check, measurement, limits, passed: limits.every((l) => l.holds), replay };
}

function judgeLimit(limit: LimitName, bound: number, measurement: VariantMeasurement, runs: number): LimitResult {
  if (limit === 'maxKeysForgottenPerBooking') {
    const measured = measurement.keysForgottenPerBooking;
    return { limit, bound, measured, holds: measured <= bound, why: `${format(measured)} keys forgotten per booking > ${format(bound)}` };
  }
  return judgeRate({ limit }, bound, rateOf[rateLimitOf(limit)](measurement), runs);
}

/** The runs in which the property was not valid (broken, or not judged), over all runs, with the lowest seeds that broke it and a replay of one. */
function judgePropertyLimit(check: GateCheck, property: string, bound: number, count: ViolatingRunCount): LimitResult {
  const events = violating(count);
  const judged = judgeRate({ limit: 'maxViolatingRunRate', property }, bound, { events, trials: count.runs, of: `runs (${property})`, rate: wilson(events, count.runs) }, check.runs);
  if (count.seeds.length === 0) return judged;
  return { ...judged, violatingSeeds: count.seeds, replayRun: replayRunOf(check, count.seeds[0], property) };
}

/** `racesim run --workload …` of one seed of a check, reporting `property`: paths relative to the working folder, as the compare replay's. */
const replayRunOf = (check: GateCheck, seed: number, property: string) =>
  workloadRunLine({
    workload: relative(process.cwd(), check.workload),
    fix: check.fix,
    seed,
    profile: check.profile,
    stack: check.stackAsWritten && check.system.stack ? relative(process.cwd(), check.system.stack.file) : undefined,
    property,
  });

/** `violating seeds 3, 8 (of 2 runs)`: the seeds a property limit names, for the terminal and the summary. */
export const seedsText = (l: LimitResult) => l.violatingSeeds && `violating seeds ${l.violatingSeeds.join(', ')}${l.sample && l.sample.events > l.violatingSeeds.length ? ` (the first ${l.violatingSeeds.length} of ${l.sample.events})` : ''}`;

/** A rate held to its limit on the upper end of its 95 % Wilson interval; a limit of 0 on the count. */
function judgeRate(name: Pick<LimitResult, 'limit' | 'property'>, bound: number, counted: { events: number; trials: number; of: string; rate: Rate }, runs: number): LimitResult {
  const { events, trials, of, rate } = counted;
  const sample = { events, trials, of, rate: rate.value };
  // A limit of 0 says "never": no interval can show a rate of exactly 0, but the count can.
  if (bound === 0) return { ...name, bound, measured: rate.value, holds: events === 0, sample, why: `${events} of ${trials} ${of}; the limit 0 allows none` };
  const measured = rate.ci95[1];
  const holds = measured <= bound;
  if (holds) return { ...name, bound, measured, holds, sample };
  if (rate.value > bound) return { ...name, bound, measured, holds, sample, why: `the rate ${percent(rate.value)} (${events} of ${trials} ${of}) is above ${limitPercent(bound)}` };
  return { ...name, bound, measured, holds, sample, why: sampleTooSmall(sample, bound, measured, runs) };
}

/** A rate at or below its limit whose interval still reaches above it: say how many trials (and runs) would show the limit. */
function sampleTooSmall(sample: { events: number; trials: number; of: string; rate: number }, bound: number, upper: number, runs: number): string {
  const cannot = `cannot show ≤ ${limitPercent(bound)} with ${sample.trials} ${sample.of} (upper bound ${percent(upper)})`;
  const needed = trialsToShow(sample.rate, bound);
  if (needed === undefined) return `${cannot}; no number of ${sample.of} can show it at the observed rate ${percent(sample.rate)}`;
  const at = sample.events === 0 ? 'at 0 events' : `at the observed rate ${percent(sample.rate)}`;
  const raise = sample.trials === 0 ? `no ${sample.of} in ${runs} runs: the workload must make some` : `raise runs to ≈ ${Math.ceil((needed * runs) / sample.trials)}`;
  return `${cannot}; ${at} it needs ${needed} (${raise})`;
}

export function gateMarkdown(results: readonly CheckResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  const lines = [
    `## racesim gate: ${failed === 0 ? '✅ all checks hold' : `❌ ${failed} of ${results.length} checks failed`}`,
    '',
    'Rate limits hold the upper end of the 95 % Wilson interval, so a check passes only when its sample can show the limit.',
    '',
    '| check | variant | runs | seed | limit | sample | measured | bound | |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    for (const l of r.limits) {
      const cells = [r.check.name, r.check.fix, String(r.check.runs), String(r.check.seed), limitLabel(l), sampleText(l) ?? '—', measuredText(l), `≤ ${boundText(l)}`];
      lines.push(`| ${cells.map(markdownText).join(' | ')} | ${l.holds ? '✅' : '❌'} |`);
    }
  }
  const failures = results.flatMap((r) => r.limits.filter((l) => !l.holds).map((l) => `- ${markdownText(`${r.check.name}: ${limitLabel(l)}: ${l.why}`)}`));
  if (failures.length) lines.push('', 'Why:', '', ...failures);
  const violations = results.flatMap((r) => r.limits.filter((l) => l.replayRun).map((l) => `- ${markdownText(`${r.check.name}: ${limitLabel(l)}: ${seedsText(l)}`)}; replay one: ${markdownCode(l.replayRun!)}`));
  if (violations.length) lines.push('', 'Runs that broke a property:', '', ...violations);
  lines.push('', 'Replay a check:', '', ...results.map((r) => `- ${markdownText(r.check.name)}: ${markdownCode(r.replay)}`), '');
  return lines.join('\n');
}

/** One line per limit for the terminal: what was measured against what, with the sample behind it. */
export function limitLine(checkName: string, l: LimitResult): string {
  const sample = sampleText(l);
  const name = terminalSafe(checkName); // a newline in a name must not print a line of its own
  const seeds = seedsText(l);
  if (!l.holds) return `FAIL ${name}: ${limitLabel(l)}: ${l.why}${seeds ? `; ${seeds}` : ''}`;
  return `ok   ${name}: ${limitLabel(l)} ${measuredText(l)} ≤ ${boundText(l)}${sample ? ` (${[sample, seeds].filter(Boolean).join('; ')})` : ''}`;
}

/** A limit as the config names it, with its property for maxViolatingRunRate. */
const limitLabel = (l: LimitResult) => (l.property ? `${l.limit} ${l.property}` : l.limit);
const sampleText = (l: LimitResult) => l.sample && `${l.sample.events} of ${l.sample.trials} ${l.sample.of}, rate ${percent(l.sample.rate)}`;
const measuredText = (l: LimitResult) => (!l.sample ? format(l.measured) : l.bound === 0 ? `count ${l.sample.events}, rate ${percent(l.measured)}` : `upper bound ${percent(l.measured)}`);
const boundText = (l: LimitResult) => (l.sample ? limitPercent(l.bound) : format(l.bound));

/** JUnit XML; each test case carries its wall time where known (the only part that differs between machines and between a merged and an unsharded gate). */
export function gateJunit(results: readonly CheckResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  const cases = results.map((r) => {
    const failures = r.limits.filter((l) => !l.holds);
    const body = failures.length ? `<failure message="${xmlText(failures.map((l) => `${limitLabel(l)}: ${l.why}`).join('; '))}">${xmlText(`replay: ${r.replay}`)}</failure>` : '';
    const time = r.seconds === undefined ? '' : ` time="${r.seconds.toFixed(3)}"`;
    return `  <testcase classname="racesim.gate" name="${xmlText(r.check.name)}"${time}>${body}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="racesim gate" tests="${results.length}" failures="${failed}">\n${cases.join('\n')}\n</testsuite>\n`;
}

export const format = (x: number) => (Number.isInteger(x) ? String(x) : x < 1 ? x.toPrecision(3) : x.toFixed(1));
/** A measured rate as percent: two decimals, or two significant digits below 0.01 %. */
export const percent = (x: number) => `${x === 0 || x >= 0.0001 ? (x * 100).toFixed(2) : (x * 100).toPrecision(2)} %`;
/** A limit as percent, as short as it was written (0.01 → "1 %"). */
const limitPercent = (x: number) => `${parseFloat((x * 100).toPrecision(6))} %`;
