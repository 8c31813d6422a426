import { calendarFor, type ZonedCalendar } from '../core/zonedTime.ts';
import type { ScenarioRun } from '../scenario/runScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { defaultSystem, systemFor } from '../systems/registry.ts';
import type { SystemPlugin } from '../systems/systemPlugin.ts';
import { escapeHtml } from './reportDocument.ts';
import { CompressedAxis } from './timeline/axis.ts';
import { differenceLine } from './timeline/difference.ts';
import { timelineModel, type TimelineModel } from './timeline/model.ts';
import { TIMELINE_SCRIPT, TIMELINE_STYLE } from './timeline/page.ts';
import { RunHistory } from './timeline/runHistory.ts';
import { timelineSvg } from './timeline/svg.ts';
import { writeFileAtomic } from './writeAtomic.ts';

/**
 * Runs of one scenario drawn as a causal timeline, one column per variant on one shared time axis, as a
 * self-contained HTML file (inline SVG, CSS and a small script, no network). Built from each run's typed
 * history and judged steps only: lanes per caller, per cache layer (as the system's plug-in names them,
 * with each entry a bar from fill to expiry, clear or overwrite), Cal.com and webhooks. An answer is a
 * button: pressed, it lights what it rests on (the `data-chain` event ids, computed here).
 */
export interface TimelineRun {
  readonly scenario: Scenario;
  readonly run: ScenarioRun;
  /** The system the run used; default the scenario's (`system:`), else askproai. */
  readonly system?: SystemPlugin;
}

function historyOf(r: TimelineRun, calendar: ZonedCalendar): RunHistory {
  const system = r.system ?? (r.scenario.system ? systemFor(r.scenario.system, r.scenario.stackFile) : defaultSystem);
  const classify = system.classifyKey?.bind(system) ?? (() => null);
  return new RunHistory(r.run, system.layers(r.scenario.world, r.run.report.fix), classify, calendar);
}

/** Every time the drawings place something at, so the columns share one axis. */
function axisTimes(models: readonly TimelineModel[]): number[] {
  return models.flatMap((m) => [...m.marks.flatMap((k) => [k.time, ...(k.answer ? [k.answer.invokedAt] : [])]), ...m.bars.flatMap((b) => [b.from, b.to])]);
}

function column(history: RunHistory, model: TimelineModel, axis: CompressedAxis): string {
  const { report } = history.run;
  const barEnd = new Map(model.bars.map((b) => [b.id, b.end]));
  const laneName = new Map(model.lanes.map((l) => [l.id, l.title]));
  // The table lists what a reader looks for: every answer, fill, clear, Cal.com and webhook event (not each hit or miss).
  const rows = model.marks
    .filter((m) => (m.kind !== 'miss' && m.kind !== 'ok') || !m.lane.startsWith('layer:'))
    .sort((a, b) => a.time - b.time || a.id - b.id)
    .map((m) => {
      const detail = [m.detail, barEnd.get(m.id) ?? '', m.answer ? `why: ${m.answer.why}` : ''].filter(Boolean).join('; ');
      return `<tr class="${m.kind}" data-id="${m.id}"><td>${escapeHtml(history.clock(m.time))}</td><th scope="row">${escapeHtml(laneName.get(m.lane)!)}</th><td>${m.symbol} ${escapeHtml(m.text)}</td><td>${escapeHtml(detail)}</td></tr>`;
    })
    .join('\n');
  const fix = escapeHtml(report.fix);
  return `<section class="column" aria-label="fix ${fix}" data-fix="${fix}">
<h2>fix ${fix} <small>profile ${escapeHtml(report.profile)}, seed ${report.seed}, traceHash ${escapeHtml(report.traceHash.slice(0, 16))}…</small></h2>
<p class="summary">${report.metrics.staleAvailable} stale "available" (${report.metrics.staleDirect} direct, ${report.metrics.staleAlternatives} offered alternative(s)), ${report.metrics.conflicts} rejected booking(s), ${report.metrics.keysForgotten} keys forgotten.</p>
<div class="drawing">${timelineSvg(history, model, axis)}</div>
<p class="why" aria-live="polite"></p>
<table><caption>Every marked event, fix ${fix}</caption><thead><tr><th scope="col">time</th><th scope="col">lane</th><th scope="col">what</th><th scope="col">detail</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`;
}

/** `pressed`: the call (step index) whose answer the page opens pressed and focused, as an example page's call. */
export function renderTimelineHtml(runs: readonly TimelineRun[], options: { readonly pressed?: number } = {}): string {
  const scenario = runs[0].scenario;
  const calendar = calendarFor(scenario.timezone);
  const histories = runs.map((r) => historyOf(r, calendar));
  const models = histories.map(timelineModel);
  const axis = new CompressedAxis(axisTimes(models));
  const difference = histories.length > 1 ? `<p class="difference">${escapeHtml(differenceLine(histories[0], histories[1]))}</p>` : '';
  const title = escapeHtml(`racesim timeline: ${scenario.name}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>${TIMELINE_STYLE}</style></head><body>
<h1>${title}</h1>
${scenario.description ? `<p>${escapeHtml(scenario.description)}</p>` : ''}
<p class="legend"><span>▸ request</span><span>● answered / cache hit</span><span>○ unavailable / miss</span><span>▲ cache fill, its entry a bar until expiry, clear or overwrite</span><span>✕ cleared</span><span>◆ Cal.com read</span><span>✓ booked / accepted</span><span>✉ webhook</span><span><b style="color:#e65100">⚠ stale "available"</b></span><span><b style="color:#c62828">✗ rejected</b></span><span>… idle time squeezed …</span></p>
<p>Times in ${escapeHtml(scenario.timezone)}. Hover or focus a mark for its key and the agent's words; click an answer, or focus it and press Enter or Space, to light what it rests on.</p>
${difference}
<div class="columns" style="--columns:${runs.length}"${options.pressed === undefined ? '' : ` data-pressed="${options.pressed}"`}>
${histories.map((h, i) => column(h, models[i], axis)).join('\n')}
</div>
<script>${TIMELINE_SCRIPT}</script>
</body></html>
`;
}

export function writeTimelineHtml(path: string, runs: readonly TimelineRun[]): void {
  writeFileAtomic(path, renderTimelineHtml(runs));
}
