import type { TopLevelSpec } from 'vega-lite';
import type { CostResult } from '../cost/fixCost.ts';
import type { CompareResult, Rate, SweepPoint, SweepResult, VariantMeasurement } from '../metrics/measurement.ts';

/**
 * Charts for the comparison report, as vega-lite specs rendered to SVG in Node (no browser, no canvas).
 * Rates are drawn with their 95 % intervals; nothing depends on the wall clock.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: vega is large, and most commands never draw a chart.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const FONT = { config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11 } } };

/**
 * Ticks for a percent axis from 0 to `max`: a 1-2-5 step giving at most 5 intervals, and a format with
 * just the decimals that step needs, so a 0–1 % axis reads "0.0 % 0.2 % …", never "0 % 0 % 1 % 1 %".
 */
export function percentTicks(max: number): { values: number[]; format: string } {
  const top = Math.min(1, Math.max(max, 1e-4));
  const magnitude = 10 ** Math.floor(Math.log10(top / 5));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => top / candidate <= 5)!;
  const count = Math.ceil(top / step - 1e-9);
  const decimals = Math.max(0, -Math.floor(Math.log10(step * 100) + 1e-9));
  return { values: Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12))), format: `.${decimals}%` };
}

/**
 * Stale-available (headline, direct, alternatives) and conflict rates per variant, one panel each with
 * its own axis: a bar to the rate, and the 95 % interval as a capped rule from lo to hi, so a rate of
 * zero is drawn as zero with its interval still visible.
 */
export function ratesChart(compare: CompareResult): TopLevelSpec {
  const bar = (variant: string, r: Rate) => ({ variant, value: r.value, lo: r.ci95[0], hi: r.ci95[1] });
  const panels = (
    [
      ['stale "available" (all)', (m) => m.staleAvailableRate],
      ['stale direct answers', (m) => m.staleSplit.direct.rate],
      ['stale offered alternatives', (m) => m.staleSplit.alternatives.rate],
      ['rejected bookings (409/400)', (m) => m.conflictRate],
    ] as const satisfies readonly (readonly [string, (m: VariantMeasurement) => Rate])[]
  ).map(([title, pick]) => ratePanel(title, Object.entries(compare.variants).map(([variant, m]) => bar(variant, pick(m)))));
  return { ...FONT, concat: panels, columns: 2 } as TopLevelSpec;
}

function ratePanel(title: string, values: readonly { variant: string; value: number; lo: number; hi: number }[]) {
  const ticks = percentTicks(Math.max(...values.map((v) => v.hi)));
  const x = { field: 'variant', type: 'nominal', sort: null, title: null, axis: { labelAngle: 0 } } as const;
  const y = { type: 'quantitative', scale: { domain: [0, ticks.values[ticks.values.length - 1]], nice: false }, axis: { values: ticks.values, format: ticks.format }, title: 'rate (95 % CI)' } as const;
  return {
    title,
    width: 300,
    height: 180,
    data: { values },
    layer: [
      { mark: { type: 'bar', opacity: 0.75 }, encoding: { x, y: { ...y, field: 'value' }, color: { field: 'variant', type: 'nominal', legend: null } } },
      { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
      ...(['lo', 'hi'] as const).map((end) => ({ mark: { type: 'tick', thickness: 1.5, size: 14, orient: 'horizontal', color: 'black' }, encoding: { x, y: { field: end, type: 'quantitative' } } })),
      { mark: { type: 'point', filled: true, size: 30, color: 'black' }, encoding: { x, y: { field: 'value', type: 'quantitative' } } },
    ],
  };
}

export type SweepMeasure = 'staleAvailable' | 'direct' | 'alternatives' | 'conflict';
const sweepTitles: Record<SweepMeasure, string> = {
  staleAvailable: 'B hears a stale "available" (direct or offered alternative)',
  direct: 'B\'s direct answer is a stale "available"',
  alternatives: 'An alternative offered to B is already taken',
  conflict: 'B\'s booking is rejected',
};

/** A dashed line on the gap sweep: a layer's TTL, in seconds, and its label. */
export interface TtlEdge {
  readonly gap: number;
  readonly label: string;
}

/** The gap sweep: probability over the gap, one line per variant with its CI band, TTL edges marked. */
export function sweepChart(sweep: SweepResult, measure: SweepMeasure, edges: readonly TtlEdge[]): TopLevelSpec {
  const rateOf = (p: SweepPoint): Rate => (measure === 'direct' || measure === 'alternatives' ? p.staleSplit[measure] : p[measure]);
  const values = Object.entries(sweep.variants).flatMap(([variant, points]) =>
    points.map((p) => ({ variant, gap: p.gapSeconds, value: rateOf(p).value, lo: rateOf(p).ci95[0], hi: rateOf(p).ci95[1] })),
  );
  const x = { field: 'gap', type: 'quantitative', title: 'gap after A booked (s)' } as const;
  return {
    ...FONT,
    width: 520,
    height: 220,
    title: sweepTitles[measure],
    layer: [
      { data: { values }, mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: { field: 'variant', type: 'nominal' } } },
      { data: { values }, mark: { type: 'line', point: true }, encoding: { x, y: { field: 'value', type: 'quantitative', axis: { format: '.0%' }, title: 'probability (95 % CI)', scale: { domain: [0, 1] } }, color: { field: 'variant', type: 'nominal' } } },
      { data: { values: edges }, mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { x: { field: 'gap', type: 'quantitative' } } },
      { data: { values: edges }, mark: { type: 'text', align: 'left', dx: 3, dy: -95, color: 'gray' }, encoding: { x: { field: 'gap', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}

/** The staleness window per variant: p50, p90, p99 and max, in seconds. */
export function stalenessChart(compare: CompareResult): TopLevelSpec {
  const values = Object.entries(compare.variants).flatMap(([variant, m]) =>
    (['p50', 'p90', 'p99', 'max'] as const).map((q) => ({ variant, quantile: q, seconds: m.stalenessWindowMs[q] / 1000 })),
  );
  return {
    ...FONT,
    width: 420,
    height: 200,
    title: 'How long a booked slot still reads "free" in some cache entry',
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'quantile', type: 'nominal', sort: ['p50', 'p90', 'p99', 'max'], title: null },
      xOffset: { field: 'variant', type: 'nominal' },
      y: { field: 'seconds', type: 'quantitative', title: 'seconds after Cal.com accepted' },
      color: { field: 'variant', type: 'nominal' },
    },
  } as TopLevelSpec;
}

/** Keys forgotten (or ms spent) per booking against the number of services sharing the event type, per variant. */
export function costChart(result: CostResult, measure: 'keysForgotten' | 'perKeyMs' | 'pipelinedMs'): TopLevelSpec {
  const values = Object.entries(result.variants).flatMap(([variant, points]) =>
    points.filter((p) => p[measure] !== undefined).map((p) => ({ variant, services: p.services, value: p[measure] })),
  );
  const title = { keysForgotten: 'Cache::forget calls per booking', perKeyMs: 'ms per booking, one round trip per key (as the PHP code)', pipelinedMs: 'ms per booking, one pipelined round trip of UNLINK' }[measure];
  return {
    ...FONT,
    width: 460,
    height: 240,
    title,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'services', type: 'quantitative', scale: { type: 'log' }, title: 'services sharing the event type' },
      y: { field: 'value', type: 'quantitative', scale: { type: 'symlog' }, title: measure === 'keysForgotten' ? 'keys' : 'ms' },
      color: { field: 'variant', type: 'nominal' },
    },
  } as TopLevelSpec;
}
