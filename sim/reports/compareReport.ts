import { markdownCodeBlock, markdownText } from '../escape/markdown.ts';
import { shellCommand } from '../escape/shell.ts';
import { againstBaseline } from '../metrics/againstBaseline.ts';
import { expectedPerDay, expectedPerWeek, runsToSeparate } from '../metrics/expectedEvents.ts';
import { wilson } from '../metrics/measurement.ts';
import type { BusyDay, ClaimsResult, CompareResult, ExampleRun, Rate, StaleShare, SweepResult, VariantMeasurement } from '../metrics/measurement.ts';
import type { VariantName } from '../systems/registry.ts';
import type { CacheLayer } from '../systems/systemPlugin.ts';
import { ratesChart, renderSvg, stalenessChart, sweepChart, type TtlEdge } from './charts.ts';
import { toHtml, toMarkdown, type ReportCell, type ReportDocument, type ReportSection } from './reportDocument.ts';
import { writeFolderAtomic } from './writeAtomic.ts';

export interface VariantDetails {
  readonly summary: string;
  readonly layers: readonly CacheLayer[];
}

export interface CompareReportInput {
  readonly compare: CompareResult;
  readonly sweep?: SweepResult;
  readonly claims?: ClaimsResult;
  /** 57b4aa6f6's own claims, on their own workload, profile and variants. */
  readonly commitClaims?: ClaimsResult;
  /** Per variant, what its system says it is, and the cache layers its runs had (from the caller inward) with the TTLs the report states. */
  readonly variantDetails: Readonly<Record<string, VariantDetails>>;
  /** The command that replays one run of this comparison, but for `--fix`, `--runs` and `--seed`. */
  readonly replayPrefix: string;
}

/** Writes report.md, report.html, report.json, the SVG charts and, per example run, its note and timeline into `outDir`; returns the paths written. */
export async function writeCompareReport(outDir: string, input: CompareReportInput, exampleTimelines: ReadonlyMap<string, string> = new Map()): Promise<string[]> {
  const charts = new Map<string, string>();
  charts.set('rates.svg', await renderSvg(ratesChart(input.compare)));
  charts.set('staleness-window.svg', await renderSvg(stalenessChart(input.compare)));
  if (input.sweep) {
    const edges = ttlEdges(input.variantDetails);
    charts.set('gap-sweep-stale.svg', await renderSvg(sweepChart(input.sweep, 'staleAvailable', edges)));
    charts.set('gap-sweep-stale-direct.svg', await renderSvg(sweepChart(input.sweep, 'direct', edges)));
    charts.set('gap-sweep-stale-alternatives.svg', await renderSvg(sweepChart(input.sweep, 'alternatives', edges)));
    charts.set('gap-sweep-conflict.svg', await renderSvg(sweepChart(input.sweep, 'conflict', edges)));
  }
  const doc = compareDocument(input, [...charts.keys()]);
  return writeFolderAtomic(
    outDir,
    new Map([
      ...charts,
      ...exampleFiles(input),
      ...exampleTimelines,
      ['report.json', JSON.stringify(input, null, 2) + '\n'],
      ['report.md', toMarkdown(doc)],
      ['report.html', toHtml(doc, charts)],
    ]),
  );
}

/** Each layer's TTL once, as the variants have them (a variant with its own TTL adds its own line). */
export function ttlEdges(details: CompareReportInput['variantDetails']): TtlEdge[] {
  const edges = new Map<string, TtlEdge>();
  for (const layer of Object.values(details).flatMap((d) => [...d.layers].reverse())) edges.set(`${layer.title}@${layer.ttlSeconds}`, { gap: layer.ttlSeconds, label: `${layer.title} TTL` });
  return [...edges.values()];
}

/** The layers the report's columns name: the first variant's (every variant of one system has the same layers). */
const columnLayers = (input: CompareReportInput): readonly CacheLayer[] => Object.values(input.variantDetails)[0]?.layers ?? [];

export const percent = (x: number) => `${(x * 100).toFixed(x !== 0 && x < 0.001 ? 3 : 2)} %`;
export const rate = (r: Rate) => `${percent(r.value)} [${percent(r.ci95[0])}, ${percent(r.ci95[1])}]`;
const overlaps = (a: Rate, b: Rate) => a.ci95[0] <= b.ci95[1] && b.ci95[0] <= a.ci95[1];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Events of one kind a variant showed: how many, over how many trials, and the rate. */
interface Counted {
  readonly events: number;
  readonly trials: number;
  readonly rate: Rate;
}

/** A rate the report and the terminal show with its expected events per day and week and its example. */
export interface RateMeasure {
  readonly label: string;
  /** The example kind (EXAMPLE_KINDS) a non-zero cell links to. */
  readonly example: string;
  readonly of: (m: VariantMeasurement) => Counted;
}

const shareOf = (s: StaleShare): Counted => ({ events: s.stale, trials: s.of, rate: s.rate });
export const rateMeasures = {
  staleAvailable: { label: 'stale "available" (direct answers and offered alternatives)', example: 'stale-available', of: (m) => ({ events: m.staleAvailable, trials: m.availabilityAnswers + m.offeredAlternatives, rate: m.staleAvailableRate }) },
  staleDirect: { label: 'stale direct "available" answers', example: 'stale-direct', of: (m) => shareOf(m.staleSplit.direct) },
  staleAlternatives: { label: 'stale offered alternatives', example: 'stale-alternative', of: (m) => shareOf(m.staleSplit.alternatives) },
  rejected: { label: 'rejected bookings', example: 'rejected', of: (m) => ({ events: m.conflicts, trials: m.bookingAttempts, rate: m.conflictRate }) },
  errors: { label: 'error answers ("Es ist ein unerwarteter Fehler aufgetreten")', example: 'error', of: (m) => ({ events: m.errorAnswers, trials: m.calls, rate: m.errorRate }) },
  toldBookedLaterFailed: {
    label: 'told "gebucht", later failed (the sync job gave up: manual review)',
    example: 'told-booked-later-failed',
    of: (m) => ({ events: m.deferredBookings?.laterFailed ?? 0, trials: m.deferredBookings?.toldBooked ?? 0, rate: m.deferredBookings?.laterFailedRate ?? wilson(0, 0) }),
  },
  falseUnavailable: { label: 'false "unavailable" answers', example: 'false-unavailable', of: (m) => ({ events: m.falseUnavailable, trials: m.availabilityAnswers, rate: m.falseUnavailableRate }) },
} satisfies Record<string, RateMeasure>;

/** Two significant digits, whole numbers from 10 on: "0.43", "3.1", "22". */
const amount = (x: number) => (x === 0 ? '0' : x >= 10 ? String(Math.round(x)) : String(Number(x.toPrecision(2))));

/** "≈ 0.43/day, 3.0/week (≤ 9.1/week at the upper bound)": the rate at the workload's own arrival rate. */
export function expectedText(counted: Counted, runs: number, day: BusyDay | undefined, short = false): string {
  if (!day) return '';
  const perDay = expectedPerDay(counted.rate.value, counted.trials, runs, day);
  const perWeek = perDay * day.daysPerWeek;
  if (short) return `≈ ${amount(perWeek)}/week`;
  const upperWeek = expectedPerWeek(counted.rate.ci95[1], counted.trials, runs, day);
  return `≈ ${amount(perDay)}/day, ${amount(perWeek)}/week (≤ ${amount(upperWeek)}/week at the upper bound)`;
}

/** "12 of 3400: 0.35 % [0.20 %, 0.61 %]; ≈ 3.0 a day, …", linked to its example when there is one. */
function rateCell(compare: CompareResult, variant: string, m: VariantMeasurement, measure: RateMeasure): ReportCell {
  const counted = measure.of(m);
  const text = [`${counted.events} of ${counted.trials}: ${rate(counted.rate)}`, expectedText(counted, compare.runs, compare.busyDay)].filter(Boolean).join('; ');
  return counted.events > 0 ? exampleLink(text, variant, m, measure.example) : text;
}

/** A cell's text followed by a link to the example file of `kind` ("e.g. seed 4 #450"), when the variant has one. */
function exampleLink(text: string, variant: string, m: VariantMeasurement, kind: string): ReportCell {
  const example = m.examples[kind];
  return example ? { text, link: `e.g. seed ${example.seed} #${example.call}`, href: exampleFileName(variant, kind, 'html') } : text;
}

const countCell = (count: number, variant: string, m: VariantMeasurement, kind: string): ReportCell => (count > 0 ? exampleLink(String(count), variant, m, kind) : String(count));

export const exampleFileName = (variant: string, kind: string, extension: 'md' | 'html' = 'md') => `example-${variant}-${kind.replace(/\//g, '-')}.${extension}`;

/** The command that replays an example's run. */
export const replayCommand = (replayPrefix: string, variant: string, example: ExampleRun) => `${replayPrefix} ${shellCommand(['--fix', variant, '--runs', '1', '--seed', String(example.seed)])}`;

/** One small file per example: which run shows it, the command that replays it, and what to look for. */
function exampleFiles(input: CompareReportInput): [string, string][] {
  return Object.entries(input.compare.variants).flatMap(([variant, m]) =>
    Object.entries(m.examples).map(([kind, example]): [string, string] => [
      exampleFileName(variant, kind),
      [
        `# Example: ${kind} under ${markdownText(variant)}`,
        '',
        `The lowest seed of this comparison whose run shows ${kind}: seed ${example.seed}, call ${example.call} (the call's number in that run).`,
        'Replay that one run (its table counts the event; the seed decides every caller, so the run is the same):',
        '',
        markdownCodeBlock(replayCommand(input.replayPrefix, variant, example), 'sh'),
        '',
        `Its timeline, narrowed to the calls about that call's slot: [${exampleFileName(variant, kind, 'html')}](${exampleFileName(variant, kind, 'html')}).`,
        '',
      ].join('\n'),
    ]),
  );
}

export function compareDocument(input: CompareReportInput, chartFiles: readonly string[]): ReportDocument {
  const { compare } = input;
  const entries = Object.entries(compare.variants) as [VariantName, VariantMeasurement][];
  const sections: ReportSection[] = [
    { heading: 'Headline', paragraphs: headline(compare) },
    {
      heading: 'Workload and how to reproduce',
      paragraphs: [
        `Workload ${compare.workload}, profile ${compare.profile}, ${compare.runs} runs per variant on seeds ${compare.seed}..${compare.seed + compare.runs - 1} (the same seeds for every variant). Rates are shown with their 95 % Wilson intervals.`,
        busyDayNote(compare.busyDay),
        'Every non-zero count links to one example run: the lowest seed that shows it, and the command that replays it.',
      ],
      code: compare.command,
    },
    beforeAfterSection(compare, entries, chartFiles, input.variantDetails),
    rejectionsSection(entries, columnLayers(input)),
    costSection(compare, entries, columnLayers(input)),
    stalenessSection(entries, chartFiles),
  ];
  if (input.sweep) {
    const s = input.sweep;
    sections.push({
      heading: 'Two callers: B asks a gap after A booked',
      paragraphs: [`Profile ${s.profile}, ${s.runs} runs per gap and variant, seeds ${s.seed}..${s.seed + s.runs - 1}. The dashed lines mark the TTLs: ${ttlEdges(input.variantDetails).map((e) => `${e.label.replace(/ TTL$/, '')} ${e.gap} s`).join(', ')}.`],
      charts: chartFiles.filter((f) => f.startsWith('gap-sweep')),
      code: s.command,
    });
  }
  if (input.claims) sections.push(claimsSection('The app\'s own claims, tested', input.claims));
  if (input.commitClaims) sections.push(claimsSection('Commit 57b4aa6f6\'s own claims, tested', input.commitClaims));
  return { title: `racesim comparison: ${compare.workload} (profile ${compare.profile})`, sections };
}

function claimsSection(heading: string, c: ClaimsResult): ReportSection {
  const variants = c.variants ? `, variants ${c.variants.join(' → ')}` : '';
  return {
    heading,
    paragraphs: [`Workload ${c.workload}, profile ${c.profile}${variants}, ${c.runs} runs per point, seed ${c.seed}.`],
    table: {
      headers: ['claim', 'source', 'claimed', 'simulated', 'verdict', 'why'],
      rows: c.checks.map((k) => [k.claim, k.source, k.claimed, k.simulated, { holds: '✓ holds', fails: '✗ fails', inconclusive: '? inconclusive' }[k.verdict], k.note]),
    },
    code: c.command,
  };
}

/** What the expected events per day and week assume. */
function busyDayNote(day: BusyDay | undefined): string {
  if (!day) return 'The two-caller experiment has no arrival rate: no expected events per day are given.';
  return (
    `Expected events per day = rate × that kind's events per simulated hour (over all runs) × ${amount(day.hoursPerDay)} busy hours a day; a week is ${amount(day.daysPerWeek)} such days. ` +
    'By default a day\'s busy hours are the workload\'s duration (each run is one busy day) and a week 7 days; a workload sets busyHoursPerDay and busyDaysPerWeek to say otherwise.'
  );
}

function beforeAfterSection(compare: CompareResult, entries: readonly [VariantName, VariantMeasurement][], chartFiles: readonly string[], details: CompareReportInput['variantDetails']): ReportSection {
  return {
    heading: 'Before and after, measured',
    paragraphs: [
      'The Phase A+ summary\'s Before/After tables, with what the simulation measured instead of what was expected. ' +
        'A stale "available" is a direct "available" answer for a taken slot, or an offered alternative already taken when offered; ' +
        'the headline counts both over availability answers plus offered alternatives, and the split counts each over its own.',
    ],
    table: {
      headers: ['variant', 'what it clears', 'stale "available" (direct + alternatives)', 'direct answers', 'offered alternatives', 'rejected bookings', 'summary\'s claim'],
      rows: entries.map(([name, m]) => [
        name,
        details[name]?.summary ?? '',
        ...[rateMeasures.staleAvailable, rateMeasures.staleDirect, rateMeasures.staleAlternatives, rateMeasures.rejected].map((measure) => rateCell(compare, name, m, measure)),
        name === 'off' ? 'race ~12.5 %' : name === 'on' ? 'race < 0.1 %' : '',
      ]),
    },
    charts: chartFiles.filter((f) => f === 'rates.svg'),
  };
}

function rejectionsSection(entries: readonly [VariantName, VariantMeasurement][], layers: readonly CacheLayer[]): ReportSection {
  const byLayer = [...layers].reverse(); // innermost first, as the table has always read (Layer 1, Layer 2)
  return {
    heading: 'Why bookings were rejected',
    paragraphs: [
      'toctou: the caller was told the truth; someone booked the slot in between (no cache fix helps). ' +
        'stale-cache: a cache entry still said "free" after the slot was booked. upstream-lag: Cal.com itself said "free" and the slot went before the answer arrived. ' +
        'no-check: the caller never heard "available" for that slot. ' +
        'wrong-slot: the "available" was about another slot than the one booked (the code matches a slot\'s UTC H:i against the asked local H:i, and the finder speaks UTC H:i).',
    ],
    table: {
      headers: ['variant', 'rejected', 'toctou', ...byLayer.map((l) => `stale-cache (${l.title})`), 'upstream-lag', 'no-check', 'wrong-slot'],
      rows: entries.map(([name, m]) => [
        name,
        countCell(m.conflicts, name, m, 'rejected'),
        countCell(m.attribution.toctou, name, m, 'toctou'),
        ...byLayer.map((l) => countCell(m.attribution.staleCache[l.name] ?? 0, name, m, `stale-cache/${l.name}`)),
        countCell(m.attribution.upstreamLag, name, m, 'upstream-lag'),
        countCell(m.attribution.noCheck, name, m, 'no-check'),
        countCell(m.attribution.wrongSlot, name, m, 'wrong-slot'),
      ]),
    },
  };
}

function costSection(compare: CompareResult, entries: readonly [VariantName, VariantMeasurement][], layers: readonly CacheLayer[]): ReportSection {
  const byLayer = [...layers].reverse();
  return {
    heading: 'Cost and cache behaviour',
    paragraphs: ['The summary expects ~100–200 keys cleared per booking after the fix (~30 before).'],
    table: {
      headers: ['variant', 'calls', 'error answers', ...byLayer.map((l) => `${l.title} hit ratio`), 'Cal.com requests per call', 'keys forgotten per booking', 'false "unavailable"', 'of them wrong-slot'],
      rows: entries.map(([name, m]) => [
        name,
        String(m.calls),
        rateCell(compare, name, m, rateMeasures.errors),
        ...byLayer.map((l) => percent(m.hitRatio[l.name] ?? 0)),
        m.calcomRequestsPerCall.toFixed(3),
        m.keysForgottenPerBooking.toFixed(1),
        rateCell(compare, name, m, rateMeasures.falseUnavailable),
        String(m.falseUnavailableWrongSlot),
      ]),
    },
  };
}

function stalenessSection(entries: readonly [VariantName, VariantMeasurement][], chartFiles: readonly string[]): ReportSection {
  const windowCell = (ms: number, name: VariantName, m: VariantMeasurement) => (ms > 0 ? exampleLink(seconds(ms), name, m, 'stale-window') : seconds(ms));
  return {
    heading: 'Staleness window',
    paragraphs: ['For each accepted booking: how long some cache entry that could answer for its slot still said "free" (stale refills after the booking included). A non-zero percentile links to the lowest seed with a booking whose window was above zero.'],
    table: {
      headers: ['variant', 'p50', 'p90', 'p99', 'max', 'consistent within 1 s', 'within 60 s', 'within 300 s'],
      rows: entries.map(([name, m]) => [
        name,
        ...(['p50', 'p90', 'p99', 'max'] as const).map((q) => windowCell(m.stalenessWindowMs[q], name, m)),
        rate(m.consistentWithin['1s']),
        rate(m.consistentWithin['60s']),
        rate(m.consistentWithin['300s']),
      ]),
    },
    charts: chartFiles.filter((f) => f === 'staleness-window.svg'),
  };
}

/**
 * The headline: each variant against the baseline in a manager's words (`againstBaselineLines`), then
 * one verdict per headline rate, a winner only when its interval clears every other's.
 */
export function headline(compare: CompareResult): string[] {
  const entries = Object.entries(compare.variants);
  if (entries.length === 0) return ['No variants were run.'];
  // A variant that answers most calls with an error tells callers nothing, stale or not: its low stale
  // and rejection rates are no fix, so it is left out of those verdicts and named instead.
  const silenced = entries.filter(([, m]) => m.errorAnswers * 2 > m.calls);
  const ranked = entries.filter((entry) => !silenced.includes(entry));
  const lines = [...againstBaselineLines(compare, ranked), ...[rateMeasures.staleAvailable, rateMeasures.staleDirect, rateMeasures.staleAlternatives].flatMap((measure) => (ranked.length ? [verdict(compare, ranked, measure)] : []))];
  // A variant that tells callers "booked" before Cal.com has it is refused later, not at the booking: not ranked on rejections.
  const bookedAtOnce = ranked.filter(([, m]) => !m.deferredBookings);
  if (bookedAtOnce.length) lines.push(verdict(compare, bookedAtOnce, rateMeasures.rejected));
  if (silenced.length) {
    lines.unshift(`Not ranked on stale answers or rejections, as they answered most calls with an error: ${silenced.map(([n, m]) => `${n} (${m.errorAnswers} of ${m.calls} calls, ${percent(m.errorRate.value)})`).join(', ')}.`);
  }
  if (entries.some(([, m]) => m.errorAnswers > 0)) lines.push(verdict(compare, entries, rateMeasures.errors));
  const deferred = entries.filter(([, m]) => m.deferredBookings);
  if (deferred.length) lines.push(`${verdict(compare, deferred, rateMeasures.toldBookedLaterFailed)} Not ranked on rejected bookings: ${deferred.map(([n]) => n).join(', ')} (Cal.com refuses them after the answer).`);
  return lines;
}

/** The headline's two figures in a manager's words: what a caller hears wrong, and what a booking loses. */
const BASELINE_MEASURES = [
  { measure: rateMeasures.staleAvailable, noun: 'stale "available" answers' },
  { measure: rateMeasures.rejected, noun: 'rejected bookings' },
] as const;

/**
 * "on against off: −89 stale "available" answers a week [−120, −60] (−29 % [−38 %, −19 %]); …": every
 * ranked variant against `off` (else the first variant), in expected events a week at the workload's
 * arrival rate, or in percentage points of the rate when the workload has none (the two-caller experiment).
 */
export function againstBaselineLines(compare: CompareResult, ranked: readonly [string, VariantMeasurement][]): string[] {
  const baseline = ranked.find(([name]) => name === 'off') ?? ranked[0];
  const others = ranked.filter((entry) => entry !== baseline);
  if (!baseline || others.length === 0) return [];
  const day = compare.busyDay;
  const unit = day ? ' a week' : ' (percentage points)';
  const perUnit = (m: VariantMeasurement, measure: RateMeasure) => (day ? expectedPerWeek(1, measure.of(m).trials, compare.runs, day) : 100);
  const scaledOf = (m: VariantMeasurement, measure: RateMeasure) => ({ rate: measure.of(m).rate, perUnit: perUnit(m, measure) });
  const basis = day
    ? `in expected events a week at the workload's arrival rate (${plural(day.hoursPerDay, 'busy hour')} a day, ${plural(day.daysPerWeek, 'day')} a week)`
    : 'in percentage points of each rate (this workload has no arrival rate, so no events a week)';
  const lines = others.map(([name, m]) => {
    // A variant that says "gebucht" before Cal.com has the booking is refused later: its rejections are not comparable.
    const deferred = Boolean(m.deferredBookings || baseline[1].deferredBookings);
    const measures = BASELINE_MEASURES.filter(({ measure }) => !(deferred && measure === rateMeasures.rejected));
    const parts = measures.map(({ measure, noun }) => {
      const { difference, relative } = againstBaseline(scaledOf(m, measure), scaledOf(baseline[1], measure));
      const change = relative ? `${signedPercent(relative.value)} [${signedPercent(relative.ci95[0])}, ${signedPercent(relative.ci95[1])}]` : `${baseline[0]} had none`;
      const apart = difference.ci95[0] <= 0 && difference.ci95[1] >= 0 ? `, not told apart from ${baseline[0]} in ${compare.runs} runs` : '';
      return `${signed(difference.value)} ${noun}${unit} [${signed(difference.ci95[0])}, ${signed(difference.ci95[1])}] (${change})${apart}`;
    });
    const untold = deferred ? '; rejected bookings not compared (told "gebucht" before Cal.com booked: see "told booked, later failed")' : '';
    return `${name} against ${baseline[0]}: ${parts.join('; ')}${untold}.`;
  });
  return [`Each variant against ${baseline[0]}, ${basis}, with 95 % intervals:`, ...lines];
}

const signed = (x: number) => (x > 0 ? `+${amount(x)}` : x < 0 ? `−${amount(-x)}` : '0');
/** A change in per cent, whole from 10 on, but never rounded to ±100 % when it is not: −99.8 % stays. */
function signedPercent(x: number): string {
  if (x === Infinity) return '+∞ %';
  const p = x * 100;
  const nearHundred = Math.abs(p) !== 100 && Math.round(Math.abs(p)) === 100;
  return nearHundred ? `${p > 0 ? '+' : '−'}${Math.abs(p).toFixed(1)} %` : `${signed(p)} %`;
}
const plural = (n: number, noun: string) => `${amount(n)} ${noun}${n === 1 ? '' : 's'}`;

/**
 * "Fewest …: X" only when X's rate is the lowest and its interval overlaps no other's. Equal lowest
 * rates are a tie (no winner); overlapping intervals name the runs per variant that would separate them.
 */
export function verdict(compare: CompareResult, entries: readonly [string, VariantMeasurement][], measure: RateMeasure): string {
  const rateOf = (m: VariantMeasurement) => measure.of(m).rate;
  const sorted = [...entries].sort((a, b) => rateOf(a[1]).value - rateOf(b[1]).value);
  const [bestName, best] = sorted[0];
  const all = ` ${sorted.map(([n, m]) => `${n}: ${rate(rateOf(m))}`).join('; ')}.`;
  if (sorted.length === 1) return `${capitalise(measure.label)}:${all}`;
  const tied = sorted.filter(([, m]) => rateOf(m).value === rateOf(best).value).map(([n]) => n);
  if (tied.length > 1) return `No single winner on ${measure.label}: ${tied.join(' and ')} tie at ${percent(rateOf(best).value)}.${all}`;
  const unseparated = sorted.slice(1).filter(([, m]) => overlaps(rateOf(best), rateOf(m)));
  if (unseparated.length === 0) return `Fewest ${measure.label}: ${bestName}; its interval overlaps no other variant's.${all}`;
  const counted = (m: VariantMeasurement) => ({ rate: rateOf(m).value, trials: measure.of(m).trials, runs: compare.runs });
  const needs = unseparated.map(([n, m]) => `${n} (≈ ${runsToSeparate(counted(best), counted(m))?.toLocaleString('en') ?? '∞'} runs per variant would separate them at the observed rates)`);
  return `No winner established on ${measure.label}: ${bestName} is lowest, but its interval overlaps ${needs.join(', ')}.${all}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
