import { calendarFor, ymdHisv, type ZonedCalendar } from '../core/zonedTime.ts';
import type { StepReport } from '../metrics/stepReport.ts';
import type { ScenarioRun } from '../scenario/runScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { escapeHtml } from './reportDocument.ts';
import { writeFileAtomic } from './writeAtomic.ts';

/**
 * One run drawn as swimlanes on the virtual time axis, as a self-contained HTML file (inline SVG and
 * CSS, no script, no network): callers, Layer 1, Layer 2, Cal.com and webhooks; requests linked to
 * where Cal.com handled them; stale answers (⚠) and rejections (✗) marked by colour and symbol; and
 * every marked event again in a plain table. Built from the trace and the judged steps only.
 */
export interface TimelineRun {
  readonly scenario: Scenario;
  readonly run: ScenarioRun;
}

type Lane = string;
interface Mark {
  readonly time: number;
  readonly lane: Lane;
  readonly symbol: string;
  readonly kind: 'ok' | 'info' | 'stale' | 'rejected' | 'clear' | 'fill' | 'miss';
  readonly text: string;
  readonly detail: string;
  /** The caller step this mark belongs to (`A#2` → 2), for links and tests. */
  readonly step?: number;
}

interface Link {
  readonly from: number;
  readonly via: number;
  readonly to: number;
  readonly lane: Lane;
}

/** The cache lanes, named with the TTLs the run had (a scenario's world.ttl may differ from 60 s / 300 s). */
const layerLanes = (scenario: Scenario) => ({
  layer1: `Layer 1 (calcom:slots, ${scenario.world.ttlSeconds.layer1} s)`,
  layer2: `Layer 2 (cal_slots, ${scenario.world.ttlSeconds.layer2} s)`,
});
const CALCOM = 'Cal.com';
const WEBHOOKS = 'Webhooks';

/** Parses `time label kind rest…` trace lines into marks on the lanes. */
function marksOf(run: ScenarioRun, layers: { layer1: string; layer2: string }): { marks: Mark[]; links: Link[]; callers: string[] } {
  const steps = new Map(run.report.steps.map((s) => [s.index, s]));
  const stepTimes = new Map(run.outcome.records.map((r) => [r.index, { invoked: r.invokedAt, answered: r.answeredAt }]));
  const marks: Mark[] = [];
  const links: Link[] = [];
  for (const line of run.trace) {
    const [timeText, label, kind, ...rest] = line.split(' ');
    const time = Number(timeText);
    const detail = rest.join(' ');
    const step = /#(\d+)$/.exec(label)?.[1];
    const stepIndex = step === undefined ? undefined : Number(step);
    if (kind === 'invoke' && stepIndex !== undefined) {
      // Where a caller's request starts, so its arrow to Cal.com starts at a mark.
      marks.push({ time, lane: label.slice(0, label.lastIndexOf('#')), symbol: '▸', kind: 'info', text: `asks: ${rest.join(' ')}`, detail: '', step: stepIndex });
    } else if (kind.startsWith('cache.')) {
      const key = rest[0];
      const lane = key.startsWith('cal_slots_') ? layers.layer2 : key.startsWith('calcom:slots:') ? layers.layer1 : null;
      if (!lane) continue;
      const outcome = rest[1] ?? '';
      if (kind === 'cache.get') marks.push({ time, lane, symbol: outcome === 'hit' ? '●' : '○', kind: outcome === 'hit' ? 'ok' : 'miss', text: `${outcome} by ${label}`, detail: key, step: stepIndex });
      else if (kind === 'cache.put') marks.push({ time, lane, symbol: '▲', kind: 'fill', text: `fill by ${label} (${rest[1]})`, detail: key, step: stepIndex });
      else if (kind === 'cache.forget' && outcome === 'removed') marks.push({ time, lane, symbol: '✕', kind: 'clear', text: `cleared by ${label}`, detail: key });
    } else if (kind === 'calcom.slots' || kind === 'calcom.book' || kind === 'calcom.reserve') {
      const rejected = kind === 'calcom.book' && !detail.endsWith('201');
      marks.push({ time, lane: CALCOM, symbol: kind === 'calcom.book' ? (rejected ? '✗' : '✓') : '◆', kind: rejected ? 'rejected' : 'info', text: `${kind.slice(7)} for ${label}`, detail, step: stepIndex });
      const times = stepIndex === undefined ? undefined : stepTimes.get(stepIndex);
      if (times) links.push({ from: times.invoked, via: time, to: times.answered, lane: steps.get(stepIndex!)!.caller });
    } else if (kind.startsWith('webhook.') || kind === 'invalidate.webhook') {
      marks.push({ time, lane: WEBHOOKS, symbol: kind === 'webhook.rejected' || kind === 'webhook.lost' ? '✗' : '✉', kind: kind === 'webhook.received' ? 'info' : kind === 'invalidate.webhook' ? 'clear' : 'rejected', text: kind, detail });
    } else if (kind === 'invalidate.booking') {
      marks.push({ time, lane: CALCOM, symbol: '✕', kind: 'clear', text: `app clears after ${label}'s booking`, detail });
    }
  }
  for (const s of run.report.steps) {
    const times = stepTimes.get(s.index)!;
    marks.push({ time: times.answered, lane: s.caller, ...callerMark(s), step: s.index });
  }
  const callers = [...new Set(run.report.steps.map((s) => s.caller))];
  return { marks, links, callers };
}

function callerMark(s: StepReport): Pick<Mark, 'symbol' | 'kind' | 'text' | 'detail'> {
  const what = `${s.action.replace('_', ' ')} ${s.slot}${s.alternativeFor ? ` (for ${s.alternativeFor})` : ''}`;
  if (s.stale) return { symbol: '⚠', kind: 'stale', text: `STALE "available" (${s.servedBy}): ${what}`, detail: `“${s.said}” — slot was already taken` };
  if (s.outcome === 'conflict') {
    const cause = s.attribution === 'stale-cache' ? `stale-cache ${s.staleLayer}` : s.attribution;
    return { symbol: '✗', kind: 'rejected', text: `REJECTED ${s.httpStatus} (${cause}): ${what}`, detail: `“${s.said}”` };
  }
  if (s.offersTaken) {
    const taken = s.alternatives.filter((a) => a.stale).map((a) => a.slot.slice(11));
    return { symbol: '⚠', kind: 'stale', text: `STALE alternative ${taken.join(', ')}: ${what}`, detail: `“${s.said}” — an offered slot was already taken` };
  }
  return { symbol: s.outcome === 'booked' ? '✓' : s.outcome === 'available' ? '●' : '○', kind: 'ok', text: `${s.outcome}${s.servedBy ? ` (${s.servedBy})` : ''}: ${what}`, detail: `“${s.said}”` };
}

/** Maps virtual time to x: busy stretches at a readable scale, idle gaps squeezed to a marked break. */
class CompressedAxis {
  readonly x = new Map<number, number>();
  readonly breaks: { x: number; ms: number }[] = [];
  readonly width: number;
  private static readonly PX_PER_MS = 0.12;
  private static readonly MAX_STRETCH_MS = 4000;
  private static readonly BREAK_PX = 70;
  private static readonly MIN_STEP_PX = 14;

  constructor(times: readonly number[]) {
    const sorted = [...new Set(times)].sort((a, b) => a - b);
    let x = 0;
    sorted.forEach((t, i) => {
      if (i > 0) {
        const gap = t - sorted[i - 1];
        if (gap > CompressedAxis.MAX_STRETCH_MS) {
          this.breaks.push({ x: x + CompressedAxis.BREAK_PX / 2, ms: gap });
          x += CompressedAxis.BREAK_PX;
        } else x += Math.max(CompressedAxis.MIN_STEP_PX, gap * CompressedAxis.PX_PER_MS);
      }
      this.x.set(t, x);
    });
    this.width = x;
  }
}

const LANE_HEIGHT = 46;
const MIN_LABEL_GAP_PX = 16;
const LEFT = 230;
const TOP = 36; // room above the lanes for the idle-gap labels

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

function svgFor(run: TimelineRun, axis: CompressedAxis, calendar: ZonedCalendar): { svg: string; marks: Mark[] } {
  const layers = layerLanes(run.scenario);
  const { marks, links, callers } = marksOf(run.run, layers);
  const lanes = [...callers, layers.layer1, layers.layer2, CALCOM, WEBHOOKS];
  const laneY = new Map(lanes.map((l, i) => [l, TOP + i * LANE_HEIGHT + LANE_HEIGHT / 2]));
  const width = LEFT + axis.width + 260; // room for the last callout
  const height = TOP + lanes.length * LANE_HEIGHT + 90;
  const xOf = (t: number) => LEFT + axis.x.get(t)!;
  const out: string[] = [];
  lanes.forEach((lane, i) => {
    const y = TOP + i * LANE_HEIGHT;
    out.push(`<rect x="0" y="${y}" width="${width}" height="${LANE_HEIGHT}" class="${i % 2 ? 'lane odd' : 'lane'}"/>`);
    out.push(`<text x="8" y="${y + LANE_HEIGHT / 2 + 4}" class="lane-name">${escapeHtml(callers.includes(lane) ? `caller ${lane}` : lane)}</text>`);
  });
  for (const b of axis.breaks) {
    out.push(`<path d="M${LEFT + b.x - 6},${TOP} l6,6 l-6,6 l6,6" class="break"/><line x1="${LEFT + b.x}" y1="${TOP}" x2="${LEFT + b.x}" y2="${height - 80}" class="break-line"/>`);
    out.push(`<text x="${LEFT + b.x}" y="${TOP - 8}" class="break-label" text-anchor="middle">… ${duration(b.ms)} …</text>`);
  }
  for (const link of links) {
    const y1 = laneY.get(link.lane)!;
    const y2 = laneY.get(CALCOM)!;
    out.push(`<polyline points="${xOf(link.from)},${y1} ${xOf(link.via)},${y2} ${xOf(link.to)},${y1}" class="link" marker-end="url(#arrow)"/>`);
  }
  // Marks at the same place are fanned out so none hides another.
  const taken = new Map<string, number>();
  for (const mark of marks) {
    const slot = `${mark.lane}@${mark.time}`;
    const n = taken.get(slot) ?? 0;
    taken.set(slot, n + 1);
    const x = xOf(mark.time) + (n % 4) * 9;
    const y = laneY.get(mark.lane)! + (Math.floor(n / 4) % 2 ? 12 : 0);
    const when = ymdHisv(calendar.toLocal(mark.time)).slice(11);
    const label = `${when} ${mark.lane}: ${mark.text}${mark.detail ? ` — ${mark.detail}` : ''}`;
    out.push(
      `<g class="mark ${mark.kind}" tabindex="0" role="img" aria-label="${escapeHtml(label)}" data-kind="${mark.kind}" data-lane="${escapeHtml(mark.lane)}"${mark.step === undefined ? '' : ` data-step="${mark.step}"`} data-time="${escapeHtml(when)}">` +
        `<title>${escapeHtml(label)}</title><text x="${x}" y="${y + 5}" text-anchor="middle">${mark.symbol}</text></g>`,
    );
    if (mark.kind === 'stale' || mark.kind === 'rejected') {
      out.push(`<text x="${x + 9}" y="${y - 9}" class="callout ${mark.kind}">${escapeHtml(mark.text.split(': ')[0])}</text>`);
    }
  }
  const ticks = [...new Set(marks.filter((m) => callers.includes(m.lane)).map((m) => m.time))].sort((a, b) => a - b);
  let lastLabelX = -Infinity;
  for (const t of ticks) {
    out.push(`<line x1="${xOf(t)}" y1="${TOP}" x2="${xOf(t)}" y2="${height - 80}" class="tick"/>`);
    // Labels closer than a line height would overprint; the table below lists every time anyway.
    if (xOf(t) - lastLabelX < MIN_LABEL_GAP_PX) continue;
    lastLabelX = xOf(t);
    out.push(`<text transform="translate(${xOf(t)},${height - 76}) rotate(45)" class="tick-label">${escapeHtml(ymdHisv(calendar.toLocal(t)).slice(11))}</text>`);
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group">` +
    `<defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="6" refY="3" orient="auto"><path d="M0,0 L6,3 L0,6" class="arrowhead"/></marker></defs>` +
    out.join('') +
    `</svg>`;
  return { svg, marks };
}

export function renderTimelineHtml(runs: readonly TimelineRun[]): string {
  const scenario = runs[0].scenario;
  const calendar = calendarFor(scenario.timezone);
  const axis = new CompressedAxis(runs.flatMap((r) => r.run.trace.map((l) => Number(l.slice(0, l.indexOf(' '))))).concat(runs.flatMap((r) => r.run.outcome.records.flatMap((x) => [x.invokedAt, x.answeredAt]))));
  const sections = runs.map((r) => {
    const { svg, marks } = svgFor(r, axis, calendar);
    const { report } = r.run;
    // The table lists what a reader looks for: every caller answer, fill, clear, Cal.com and webhook event (not each hit or miss).
    const notable = marks.filter((m) => (m.kind !== 'miss' && m.kind !== 'ok') || !m.lane.startsWith('Layer'));
    const rows = notable
      .sort((a, b) => a.time - b.time)
      .map((m) => `<tr class="${m.kind}"><td>${escapeHtml(ymdHisv(calendar.toLocal(m.time)).slice(11))}</td><th scope="row">${escapeHtml(m.lane)}</th><td>${m.symbol} ${escapeHtml(m.text)}</td><td>${escapeHtml(m.detail)}</td></tr>`)
      .join('\n');
    return `<section aria-label="fix ${escapeHtml(report.fix)}">
<h2>fix ${escapeHtml(report.fix)} <small>profile ${escapeHtml(report.profile)}, seed ${report.seed}, traceHash ${escapeHtml(report.traceHash.slice(0, 16))}…</small></h2>
<p class="summary">${report.metrics.staleAvailable} stale "available" (${report.metrics.staleDirect} direct, ${report.metrics.staleAlternatives} offered alternative(s)), ${report.metrics.conflicts} rejected booking(s), ${report.metrics.keysForgotten} keys forgotten.</p>
<div class="drawing">${svg}</div>
<table><caption>Every marked event, fix ${escapeHtml(report.fix)}</caption><thead><tr><th scope="col">time</th><th scope="col">lane</th><th scope="col">what</th><th scope="col">detail</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`racesim timeline: ${scenario.name}`)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1a1a1a}p{overflow-wrap:anywhere;max-width:110em}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}small{color:#666;font-weight:normal}
.drawing{overflow-x:auto;border:1px solid #ddd}
.lane{fill:#fff}.lane.odd{fill:#f6f7f9}.lane-name{font-size:12px;fill:#333}
.mark text{font-size:15px;cursor:default}.mark:focus{outline:2px solid #1a73e8}
.mark.ok text{fill:#2e7d32}.mark.miss text{fill:#777}.mark.fill text{fill:#1565c0}.mark.clear text{fill:#6a1b9a}.mark.info text{fill:#444}
.mark.stale text{fill:#e65100;font-weight:bold;font-size:19px}.mark.rejected text{fill:#c62828;font-weight:bold;font-size:19px}
.callout{font-size:11px;font-weight:bold}.callout.stale{fill:#e65100}.callout.rejected{fill:#c62828}
.link{fill:none;stroke:#90a4ae;stroke-width:1;stroke-dasharray:3 2}.arrowhead{fill:none;stroke:#90a4ae}
.tick{stroke:#e0e0e0}.tick-label{font-size:10px;fill:#555}.break{fill:none;stroke:#999}.break-line{stroke:#bbb;stroke-dasharray:2 4}.break-label{font-size:10px;fill:#777}
table{border-collapse:collapse;margin-top:.8em;font-size:13px}caption{text-align:left;font-weight:600;padding:.3em 0}
th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}
tr.stale td,tr.stale th{background:#fff3e0}tr.rejected td,tr.rejected th{background:#ffebee}
.legend span{margin-right:1.2em}
</style></head><body>
<h1>${escapeHtml(`racesim timeline: ${scenario.name}`)}</h1>
${scenario.description ? `<p>${escapeHtml(scenario.description)}</p>` : ''}
<p class="legend"><span>▸ request</span><span>● answered / cache hit</span><span>○ unavailable / miss</span><span>▲ cache fill</span><span>✕ cleared</span><span>◆ Cal.com read</span><span>✓ booked</span><span><b style="color:#e65100">⚠ stale "available"</b></span><span><b style="color:#c62828">✗ rejected</b></span><span>… idle time squeezed …</span></p>
<p>Times in ${escapeHtml(scenario.timezone)}. Hover or focus a mark for its key and the agent's words.</p>
${sections.join('\n')}
</body></html>
`;
}

export function writeTimelineHtml(path: string, runs: readonly TimelineRun[]): void {
  writeFileAtomic(path, renderTimelineHtml(runs));
}
