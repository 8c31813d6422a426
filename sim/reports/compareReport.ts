import type { ClaimsResult, CompareResult, Rate, StaleShare, SweepResult, VariantMeasurement } from '../metrics/measurement.ts';
import { defaultSystem, type VariantName } from '../systems/registry.ts';
import { ratesChart, renderSvg, stalenessChart, sweepChart } from './charts.ts';
import { toHtml, toMarkdown, type ReportDocument, type ReportSection } from './reportDocument.ts';
import { writeFolderAtomic } from './writeAtomic.ts';

export interface CompareReportInput {
  readonly compare: CompareResult;
  readonly sweep?: SweepResult;
  readonly claims?: ClaimsResult;
  /** 57b4aa6f6's own claims, on their own workload, profile and variants. */
  readonly commitClaims?: ClaimsResult;
  /** The TTLs the runs had (the workload's, or --ttl's), which the report states. */
  readonly ttlSeconds: { readonly layer1: number; readonly layer2: number };
}

/** Writes report.md, report.html, report.json and the SVG charts into `outDir`; returns the paths written. */
export async function writeCompareReport(outDir: string, input: CompareReportInput): Promise<string[]> {
  const charts = new Map<string, string>();
  charts.set('rates.svg', await renderSvg(ratesChart(input.compare)));
  charts.set('staleness-window.svg', await renderSvg(stalenessChart(input.compare)));
  if (input.sweep) {
    charts.set('gap-sweep-stale.svg', await renderSvg(sweepChart(input.sweep, 'staleAvailable', input.ttlSeconds)));
    charts.set('gap-sweep-stale-direct.svg', await renderSvg(sweepChart(input.sweep, 'direct', input.ttlSeconds)));
    charts.set('gap-sweep-stale-alternatives.svg', await renderSvg(sweepChart(input.sweep, 'alternatives', input.ttlSeconds)));
    charts.set('gap-sweep-conflict.svg', await renderSvg(sweepChart(input.sweep, 'conflict', input.ttlSeconds)));
  }
  const doc = compareDocument(input, [...charts.keys()]);
  return writeFolderAtomic(
    outDir,
    new Map([...charts, ['report.json', JSON.stringify(input, null, 2) + '\n'], ['report.md', toMarkdown(doc)], ['report.html', toHtml(doc, charts)]]),
  );
}

const staleShareText = (share: StaleShare) => `${share.stale} of ${share.of}: ${rate(share.rate)}`;
export const percent = (x: number) => `${(x * 100).toFixed(x !== 0 && x < 0.001 ? 3 : 2)} %`;
export const rate = (r: Rate) => `${percent(r.value)} [${percent(r.ci95[0])}, ${percent(r.ci95[1])}]`;
const overlaps = (a: Rate, b: Rate) => a.ci95[0] <= b.ci95[1] && b.ci95[0] <= a.ci95[1];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function compareDocument(input: CompareReportInput, chartFiles: readonly string[]): ReportDocument {
  const { compare } = input;
  const entries = Object.entries(compare.variants) as [VariantName, VariantMeasurement][];
  const sections: ReportSection[] = [
    {
      heading: 'Headline',
      paragraphs: headline(entries),
    },
    {
      heading: 'Workload and how to reproduce',
      paragraphs: [
        `Workload ${compare.workload}, profile ${compare.profile}, ${compare.runs} runs per variant on seeds ${compare.seed}..${compare.seed + compare.runs - 1} (the same seeds for every variant). Rates are shown with their 95 % Wilson intervals.`,
      ],
      code: compare.command,
    },
    {
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
          defaultSystem.variants.find((v) => v.name === name)?.summary ?? '',
          `${m.staleAvailable} of ${m.availabilityAnswers + m.offeredAlternatives}: ${rate(m.staleAvailableRate)}`,
          staleShareText(m.staleSplit.direct),
          staleShareText(m.staleSplit.alternatives),
          `${m.conflicts} of ${m.bookingAttempts}: ${rate(m.conflictRate)}`,
          name === 'off' ? 'race ~12.5 %' : name === 'on' ? 'race < 0.1 %' : '',
        ]),
      },
      charts: chartFiles.filter((f) => f === 'rates.svg'),
    },
    {
      heading: 'Why bookings were rejected',
      paragraphs: [
        'toctou: the caller was told the truth; someone booked the slot in between (no cache fix helps). ' +
          'stale-cache: a cache entry still said "free" after the slot was booked. upstream-lag: Cal.com itself said "free" and the slot went before the answer arrived. ' +
          'no-check: the caller never heard "available" for that slot. ' +
          'wrong-slot: the "available" was about another slot than the one booked (the code matches a slot\'s UTC H:i against the asked local H:i, and the finder speaks UTC H:i).',
      ],
      table: {
        headers: ['variant', 'rejected', 'toctou', 'stale-cache (Layer 1)', 'stale-cache (Layer 2)', 'upstream-lag', 'no-check', 'wrong-slot'],
        rows: entries.map(([name, m]) => [
          name,
          String(m.conflicts),
          String(m.attribution.toctou),
          String(m.attribution.staleCache.layer1),
          String(m.attribution.staleCache.layer2),
          String(m.attribution.upstreamLag),
          String(m.attribution.noCheck),
          String(m.attribution.wrongSlot),
        ]),
      },
    },
    {
      heading: 'Cost and cache behaviour',
      paragraphs: ['The summary expects ~100–200 keys cleared per booking after the fix (~30 before).'],
      table: {
        headers: ['variant', 'calls', 'Layer 1 hit ratio', 'Layer 2 hit ratio', 'Cal.com requests per call', 'keys forgotten per booking', 'false "unavailable"'],
        rows: entries.map(([name, m]) => [
          name,
          String(m.calls),
          percent(m.hitRatio.layer1),
          percent(m.hitRatio.layer2),
          m.calcomRequestsPerCall.toFixed(3),
          m.keysForgottenPerBooking.toFixed(1),
          `${rate(m.falseUnavailableRate)} (wrong-slot: ${m.falseUnavailableWrongSlot})`,
        ]),
      },
    },
    {
      heading: 'Staleness window',
      paragraphs: ['For each accepted booking: how long some cache entry that could answer for its slot still said "free" (stale refills after the booking included).'],
      table: {
        headers: ['variant', 'p50', 'p90', 'p99', 'max', 'consistent within 1 s', 'within 60 s', 'within 300 s'],
        rows: entries.map(([name, m]) => [
          name,
          seconds(m.stalenessWindowMs.p50),
          seconds(m.stalenessWindowMs.p90),
          seconds(m.stalenessWindowMs.p99),
          seconds(m.stalenessWindowMs.max),
          rate(m.consistentWithin['1s']),
          rate(m.consistentWithin['60s']),
          rate(m.consistentWithin['300s']),
        ]),
      },
      charts: chartFiles.filter((f) => f === 'staleness-window.svg'),
    },
  ];
  if (input.sweep) {
    const s = input.sweep;
    sections.push({
      heading: 'Two callers: B asks a gap after A booked',
      paragraphs: [`Profile ${s.profile}, ${s.runs} runs per gap and variant, seeds ${s.seed}..${s.seed + s.runs - 1}. The dashed lines mark the Layer 1 (${input.ttlSeconds.layer1} s) and Layer 2 (${input.ttlSeconds.layer2} s) TTLs.`],
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

function headline(entries: readonly [string, VariantMeasurement][]): string[] {
  if (entries.length === 0) return ['No variants were run.'];
  const best = (pick: (m: VariantMeasurement) => Rate) => [...entries].sort((a, b) => pick(a[1]).value - pick(b[1]).value)[0];
  const lines: string[] = [];
  for (const [label, pick] of [
    ['stale "available" (direct answers and offered alternatives)', (m: VariantMeasurement) => m.staleAvailableRate],
    ['stale direct "available" answers', (m: VariantMeasurement) => m.staleSplit.direct.rate],
    ['stale offered alternatives', (m: VariantMeasurement) => m.staleSplit.alternatives.rate],
    ['rejected bookings', (m: VariantMeasurement) => m.conflictRate],
  ] as const) {
    const [name, m] = best(pick);
    const others = entries.filter(([n]) => n !== name);
    const separated = others.filter(([, o]) => !overlaps(pick(m), pick(o))).map(([n]) => n);
    lines.push(
      `Fewest ${label}: ${name} at ${rate(pick(m))}.` +
        (others.length
          ? ` ${others.map(([n, o]) => `${n}: ${rate(pick(o))}`).join('; ')}.` +
            (separated.length ? ` Intervals do not overlap with ${separated.join(', ')}.` : ' The intervals overlap: the difference is not established at this run count.')
          : ''),
    );
  }
  return lines;
}
