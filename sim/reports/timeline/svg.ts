import { escapeHtml } from '../reportDocument.ts';
import { duration, type CompressedAxis } from './axis.ts';
import type { EntryBar, Lane, Mark, TimelineModel } from './model.ts';
import type { RunHistory } from './runHistory.ts';

const MARK_ROW = 34;
const BAR_ROW = 11; // an entry bar and, beside it while lit, its key
const LEFT = 130;
const TOP = 36; // room above the lanes for the idle-gap labels
const BOTTOM = 90; // room below for the rotated time labels
const RIGHT = 360; // room right of the last mark for its callout and a lit entry's key
const MIN_LABEL_GAP_PX = 16;
const MIN_BREAK_LABEL_GAP_PX = 70;
const FAN_PX = 14; // a symbol's width: marks at one place side by side, their halos just apart

interface Layout {
  readonly xOf: (t: number) => number;
  /** Top of each lane, its height and the y of its marks. */
  readonly lane: ReadonlyMap<string, { readonly top: number; readonly height: number; readonly y: number }>;
  /** The row of each entry bar inside its lane: entries alive at once sit one under another. */
  readonly barRow: ReadonlyMap<number, number>;
  readonly width: number;
  readonly height: number;
}

function layout(model: TimelineModel, axis: CompressedAxis): Layout {
  const barRow = new Map<number, number>();
  const rowsPerLane = new Map<string, number>();
  const rowEnds = new Map<string, number[]>();
  for (const bar of [...model.bars].sort((a, b) => a.from - b.from || a.id - b.id)) {
    const ends = rowEnds.get(bar.lane) ?? [];
    let row = ends.findIndex((end) => end <= bar.from);
    if (row < 0) row = ends.length;
    ends[row] = bar.to;
    rowEnds.set(bar.lane, ends);
    barRow.set(bar.id, row);
    rowsPerLane.set(bar.lane, Math.max(rowsPerLane.get(bar.lane) ?? 0, row + 1));
  }
  const lane = new Map<string, { top: number; height: number; y: number }>();
  let top = TOP;
  for (const l of model.lanes) {
    const height = MARK_ROW + 16 + (rowsPerLane.get(l.id) ?? 0) * BAR_ROW;
    lane.set(l.id, { top, height, y: top + MARK_ROW / 2 + 4 });
    top += height;
  }
  return { xOf: (t) => LEFT + axis.x.get(t)!, lane, barRow, width: LEFT + axis.width + RIGHT, height: top + BOTTOM };
}

/** One run's lanes on the shared axis, as inline SVG: entry bars, marks (answers as toggle buttons), links and times. */
export function timelineSvg(history: RunHistory, model: TimelineModel, axis: CompressedAxis): string {
  const at = layout(model, axis);
  const out = [
    ...model.lanes.map((lane, i) => laneBackground(lane, i, at)),
    ...breakMarkers(axis, at),
    ...model.bars.map((bar) => entryBar(history, bar, at)),
    ...model.marks.filter((m) => m.answer).map((m) => waitLine(m, at)),
    ...marksSvg(history, model.lanes, model.marks, at),
    ...timeTicks(history, model, at),
  ];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${at.width}" height="${at.height}" viewBox="0 0 ${at.width} ${at.height}" role="group" aria-label="fix ${escapeHtml(history.run.report.fix)}: lanes">` +
    out.join('') +
    `</svg>`
  );
}

function laneBackground(lane: Lane, i: number, at: Layout): string {
  const { top, height, y } = at.lane.get(lane.id)!;
  return (
    `<rect x="0" y="${top}" width="${at.width}" height="${height}" class="${i % 2 ? 'lane odd' : 'lane'}"/>` +
    laneTitle(lane.title, y)
  );
}

/** A lane's title, its parenthesis (key and TTL) on a second line so the names column stays narrow. */
function laneTitle(title: string, y: number): string {
  const split = title.indexOf(' (');
  if (split < 0) return `<text x="8" y="${y + 4}" class="lane-name">${escapeHtml(title)}</text>`;
  return (
    `<text x="8" y="${y - 2}" class="lane-name">${escapeHtml(title.slice(0, split))}` +
    `<tspan x="8" dy="13" class="lane-detail">${escapeHtml(title.slice(split + 1))}</tspan></text>`
  );
}

/** Idle gaps as zigzags; a label that would overprint its left neighbour is left to the zigzag's hover title. */
function breakMarkers(axis: CompressedAxis, at: Layout): string[] {
  let lastLabelX = -Infinity;
  return axis.breaks.map((b) => {
    const x = LEFT + b.x;
    const text = `… ${duration(b.ms)} …`;
    const labelled = x - lastLabelX >= MIN_BREAK_LABEL_GAP_PX;
    if (labelled) lastLabelX = x;
    return (
      `<g class="break"><title>${text} idle</title><path d="M${x - 6},${TOP} l6,6 l-6,6 l6,6"/></g><line x1="${x}" y1="${TOP}" x2="${x}" y2="${at.height - BOTTOM}" class="break-line"/>` +
      (labelled ? `<text x="${x}" y="${TOP - 8}" class="break-label" text-anchor="middle">${text}</text>` : '')
    );
  });
}

function entryBar(history: RunHistory, bar: EntryBar, at: Layout): string {
  const lane = at.lane.get(bar.lane)!;
  const y = lane.top + MARK_ROW + 10 + at.barRow.get(bar.id)! * BAR_ROW;
  const x = at.xOf(bar.from);
  const width = Math.max(3, at.xOf(bar.to) - x);
  const label = `${bar.key}: filled at ${history.clock(bar.from)}, ${bar.end}`;
  // The key is written on the bar only while an answer's chain lights it (CSS), so a lit entry names itself.
  return (
    `<g class="entry" data-entry="${bar.id}"><title>${escapeHtml(label)}</title><rect x="${x}" y="${y}" width="${width}" height="${BAR_ROW - 3}" rx="2"/>` +
    `<text x="${x + 4}" y="${y + BAR_ROW - 4}" class="entry-label">${escapeHtml(bar.key)}</text></g>`
  );
}

/** An answer linked to the start of its request: how long the caller waited, on the caller's lane. */
function waitLine(mark: Mark, at: Layout): string {
  const y = at.lane.get(mark.lane)!.y;
  return `<line x1="${at.xOf(mark.answer!.invokedAt)}" y1="${y}" x2="${at.xOf(mark.time)}" y2="${y}" class="wait"/>`;
}

/** Marks at the same place are fanned out so none hides another; answers are buttons that light their chain. */
function marksSvg(history: RunHistory, lanes: readonly Lane[], marks: readonly Mark[], at: Layout): string[] {
  const laneName = new Map(lanes.map((l) => [l.id, l.name]));
  const taken = new Map<string, number>();
  return marks.map((mark) => {
    const place = `${mark.lane}@${mark.time}`;
    const n = taken.get(place) ?? 0;
    taken.set(place, n + 1);
    const x = at.xOf(mark.time) + (n % 4) * FAN_PX;
    const y = at.lane.get(mark.lane)!.y + (Math.floor(n / 4) % 2 ? 12 : 0);
    const when = history.clock(mark.time);
    const label = `${when} ${laneName.get(mark.lane)}: ${mark.text}${mark.detail ? ` — ${mark.detail}` : ''}${mark.answer ? `. Why: ${mark.answer.why}` : ''}`;
    const data = `data-id="${mark.id}" data-kind="${mark.kind}" data-lane="${escapeHtml(laneName.get(mark.lane)!)}"${mark.step === undefined ? '' : ` data-step="${mark.step}"`} data-time="${escapeHtml(when)}"`;
    const role = mark.answer
      ? `role="button" aria-pressed="false" data-chain="${mark.answer.chain.join(' ')}" data-invoked="${escapeHtml(history.clock(mark.answer.invokedAt))}"`
      : 'role="img"';
    const callout = mark.callout ? `<text x="${x + 9}" y="${y - 9}" class="callout ${mark.kind}">${escapeHtml(mark.callout)}</text>` : '';
    return (
      `<g class="mark ${mark.kind}${mark.answer ? ' answer' : ''}" tabindex="0" ${role} aria-label="${escapeHtml(label)}" ${data}>` +
      `<title>${escapeHtml(label)}</title><circle cx="${x}" cy="${y}" r="7" class="halo"/><text x="${x}" y="${y + 5}" text-anchor="middle">${mark.symbol}</text></g>${callout}`
    );
  });
}

/** A tick at every answer; labels closer than a line height would overprint (the table lists every time anyway). */
function timeTicks(history: RunHistory, model: TimelineModel, at: Layout): string[] {
  const times = [...new Set(model.marks.filter((m) => m.answer).flatMap((m) => [m.time, m.answer!.invokedAt]))].sort((a, b) => a - b);
  const out: string[] = [];
  let lastLabelX = -Infinity;
  for (const t of times) {
    const x = at.xOf(t);
    out.push(`<line x1="${x}" y1="${TOP}" x2="${x}" y2="${at.height - BOTTOM}" class="tick"/>`);
    if (x - lastLabelX < MIN_LABEL_GAP_PX) continue;
    lastLabelX = x;
    out.push(`<text transform="translate(${x},${at.height - BOTTOM + 4}) rotate(45)" class="tick-label">${escapeHtml(history.clock(t))}</text>`);
  }
  return out;
}
