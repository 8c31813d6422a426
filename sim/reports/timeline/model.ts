import type { HistoryEvent, DeferredBookingEvent } from '../../core/history.ts';
import type { StepReport } from '../../metrics/stepReport.ts';
import { causalChain } from './chain.ts';
import type { EventOf, RunHistory, StepAnswer } from './runHistory.ts';

export type MarkKind = 'ok' | 'info' | 'stale' | 'wrong' | 'rejected' | 'clear' | 'fill' | 'miss';

/** A lane: `id` is unique in a drawing, `name` goes into `data-lane`, `title` is what readers see. */
export interface Lane {
  readonly id: string;
  readonly name: string;
  readonly title: string;
}

/** One history event drawn as a symbol on a lane. */
export interface Mark {
  /** The event's id in the history (`data-id`): chains name marks by it. */
  readonly id: number;
  readonly time: number;
  readonly lane: string;
  readonly symbol: string;
  readonly kind: MarkKind;
  readonly text: string;
  readonly detail: string;
  readonly step?: number;
  /** A word drawn beside marks a reader must not miss (stale, rejected, a webhook that cleared nothing). */
  readonly callout?: string;
  /** For a caller's answer: when its request started, and what it rests on. */
  readonly answer?: { readonly invokedAt: number; readonly chain: readonly number[]; readonly why: string };
}

/** A cache entry's life on its layer's lane: from its fill (the put event `id`) to its expiry, clear or overwrite. */
export interface EntryBar {
  readonly id: number;
  readonly lane: string;
  readonly key: string;
  readonly from: number;
  readonly to: number;
  readonly end: string;
}

export interface TimelineModel {
  readonly lanes: readonly Lane[];
  readonly marks: readonly Mark[];
  readonly bars: readonly EntryBar[];
}

const CALCOM: Lane = { id: 'calcom', name: 'Cal.com', title: 'Cal.com' };
const WEBHOOKS: Lane = { id: 'webhooks', name: 'Webhooks', title: 'Webhooks' };
// Scenario callers are letters (A, B); a workload's are already named `caller-12` or `external-3`.
const callerLane = (caller: string): Lane => ({ id: `caller:${caller}`, name: caller, title: /^(caller|external)-/.test(caller) ? caller : `caller ${caller}` });
const layerLaneId = (layer: string) => `layer:${layer}`;

/** Lanes (callers, the plug-in's layers from the caller inward, Cal.com, webhooks), marks and entry bars of one run. */
export function timelineModel(history: RunHistory): TimelineModel {
  const callers = [...new Set(history.run.report.steps.map((s) => s.caller))];
  const lanes = [...callers.map(callerLane), ...history.layers.map((l) => ({ id: layerLaneId(l.name), name: l.name, title: l.label })), CALCOM, WEBHOOKS];
  const silentWebhooks = webhooksThatWroteNothing(history.run.events);
  const marks = history.run.events.flatMap((e) => eventMarks(history, e, silentWebhooks));
  for (const answer of history.answers) marks.push(answerMark(history, answer));
  return { lanes, marks, bars: entryBars(history) };
}

function eventMarks(history: RunHistory, e: HistoryEvent, silentWebhooks: ReadonlyMap<string, number>): Mark[] {
  const base = { id: e.id, time: e.at };
  switch (e.kind) {
    case 'call.invoked':
      return [{ ...base, lane: callerLane(e.by.slice(0, e.by.lastIndexOf('#'))).id, symbol: '▸', kind: 'info', text: `asks: ${e.text}`, detail: '', step: e.step }];
    case 'cache.get':
    case 'cache.put':
    case 'cache.forget':
      return cacheMarks(history, e);
    case 'calcom.read':
      return [{ ...base, lane: CALCOM.id, symbol: '◆', kind: 'info', text: `slots read for ${e.by}`, detail: `event type ${e.eventType}, ${history.clock(e.fromMs)} … ${history.clock(e.toMs)}` }];
    case 'calcom.accepted':
      return [{ ...base, lane: CALCOM.id, symbol: '✓', kind: 'info', text: `booking ${e.uid} accepted for ${e.bookedBy}`, detail: '' }];
    case 'calcom.cancelled':
      return [{ ...base, lane: CALCOM.id, symbol: '↺', kind: 'info', text: `booking ${e.uid} cancelled on Cal.com's page`, detail: '' }];
    case 'webhook.lost':
      return [{ ...base, lane: WEBHOOKS.id, symbol: '✗', kind: 'rejected', text: `webhook of ${e.uid} lost`, detail: '', callout: 'lost' }];
    case 'booking.told-booked':
    case 'booking.sync-failed':
    case 'booking.manual-review':
      return [{ ...base, lane: CALCOM.id, symbol: e.kind === 'booking.told-booked' ? '✓' : '✗', kind: e.kind === 'booking.told-booked' ? 'info' : 'rejected', text: deferredText(e), detail: history.clock(e.startMs) }];
    case 'note': {
      if (!e.by.startsWith('webhook:')) return [];
      // A webhook that changed no cache entry is marked at its last word, which says why.
      const failed = silentWebhooks.get(e.by) === e.id;
      return [{ ...base, lane: WEBHOOKS.id, symbol: failed ? '✗' : '✉', kind: failed ? 'rejected' : 'info', text: failed ? `${e.by} changed no cache entry` : e.by, detail: e.text, ...(failed ? { callout: 'cleared nothing' } : {}) }];
    }
    case 'call.answered':
      return [];
  }
}

/** A deferred booking's step as the timeline says it. */
function deferredText(e: DeferredBookingEvent): string {
  if (e.kind === 'booking.told-booked') return `${e.caller} told "gebucht" before Cal.com has the booking`;
  if (e.kind === 'booking.sync-failed') return `sync job for ${e.caller}: Cal.com refused (attempt ${e.attempt})`;
  return `sync job for ${e.caller} gave up: manual review`;
}

function cacheMarks(history: RunHistory, e: EventOf<'cache.get'> | EventOf<'cache.put'> | EventOf<'cache.forget'>): Mark[] {
  const layer = history.layerOf(e.key);
  if (!layer) return [];
  const base = { id: e.id, time: e.at, lane: layerLaneId(layer.name), detail: e.key };
  if (e.kind === 'cache.get') return [{ ...base, symbol: e.hit ? '●' : '○', kind: e.hit ? 'ok' : 'miss', text: `${e.hit ? 'hit' : 'miss'} by ${e.by}` }];
  if (e.kind === 'cache.put') return [{ ...base, symbol: '▲', kind: 'fill', text: `fill by ${e.by} (ttl ${e.ttlSeconds} s)` }];
  return e.removed ? [{ ...base, symbol: '✕', kind: 'clear', text: `cleared by ${e.by}` }] : [];
}

/** Per webhook process that wrote nothing to the cache: its last note, where it is marked as failed. */
function webhooksThatWroteNothing(events: readonly HistoryEvent[]): Map<string, number> {
  const writers = new Set(events.filter((e) => e.kind === 'cache.put' || e.kind === 'cache.forget').map((e) => e.by));
  const lastNote = new Map<string, number>();
  for (const e of events) if (e.kind === 'note' && e.by.startsWith('webhook:') && !writers.has(e.by)) lastNote.set(e.by, e.id);
  return lastNote;
}

function answerMark(history: RunHistory, answer: StepAnswer): Mark {
  const chain = causalChain(history, answer);
  const { step, invoked, answered } = answer;
  return { id: answered.id, time: answered.at, lane: callerLane(step.caller).id, ...callerMark(step), step: step.index, answer: { invokedAt: invoked.at, chain: chain.ids, why: chain.why } };
}

function callerMark(s: StepReport): Pick<Mark, 'symbol' | 'kind' | 'text' | 'detail' | 'callout'> {
  const tested = s.readSlot ? ` [tested ${s.readSlot.slice(11)}]` : '';
  const what = `${s.action.replace('_', ' ')} ${s.slot}${tested}${s.alternativeFor ? ` (for ${s.alternativeFor})` : ''}${s.movedFrom ? ` (from ${s.movedFrom})` : ''}`;
  const detail = [`“${s.said}”`, ...(s.stale ? ['the slot was already taken'] : []), ...offeredText(s)].join(' — ');
  if (s.outcome === 'conflict') {
    const cause = s.attribution === 'stale-cache' ? `stale-cache ${s.staleLayer}` : s.attribution;
    return { symbol: '✗', kind: 'rejected', text: `REJECTED ${s.httpStatus} (${cause}): ${what}`, detail, callout: `REJECTED ${s.httpStatus}` };
  }
  const wrong = wrongParts(s);
  if (wrong.length > 0) return { symbol: '⚠', kind: s.stale || s.offersTaken ? 'stale' : 'wrong', text: `${wrong.map((w) => w.text).join(', ')}: ${what}`, detail, callout: wrong.map((w) => w.callout).join(', ') };
  return { symbol: s.outcome === 'booked' ? '✓' : s.outcome === 'available' ? '●' : '○', kind: 'ok', text: `${s.outcome}${s.servedBy ? ` (${s.servedBy})` : ''}: ${what}`, detail };
}

/** What was wrong with an answer: a stale "available", a false "unavailable" about another slot, offered slots already taken. */
function wrongParts(s: StepReport): { text: string; callout: string }[] {
  const parts: { text: string; callout: string }[] = [];
  const tested = s.readSlot ? `tested ${s.readSlot.slice(11)}` : '';
  if (s.stale) parts.push({ text: `STALE "available" (${tested ? `wrong-slot: ${tested}` : s.servedBy})`, callout: tested ? `STALE (${tested})` : 'STALE' });
  if (s.outcome === 'unavailable' && s.truth === 'free' && tested) parts.push({ text: `FALSE "unavailable" (wrong-slot: ${tested})`, callout: `FALSE "unavailable" (${tested})` });
  const taken = s.alternatives.filter((a) => a.stale);
  const spoken = taken.filter((a) => a.readSlot).map((a) => `${a.slot.slice(11)} (read ${a.readSlot!.slice(11)})`);
  const each = taken.map((a) => `${a.slot.slice(11)}${a.readSlot ? ` (wrong-slot: read ${a.readSlot.slice(11)}, spoken in UTC)` : ''}`);
  if (taken.length > 0) parts.push({ text: `STALE alternative ${each.join(', ')}`, callout: `STALE offer${spoken.length ? ` ${spoken.join(', ')}` : ''}` });
  return parts;
}

/** The offered alternatives as heard, each with the slot the finder read when it spoke another, and which were taken. */
function offeredText(s: StepReport): string[] {
  if (s.alternatives.length === 0) return [];
  const each = s.alternatives.map((a) => `${a.slot.slice(11)}${a.readSlot ? ` [read ${a.readSlot.slice(11)}]` : ''}${a.stale ? ' (already taken)' : ''}`);
  return [`offered ${each.join(', ')}`];
}

/** Each put is an entry; it ends at the first of its expiry, the forget that removed it, or the next put on its key. */
function entryBars(history: RunHistory): EntryBar[] {
  const events = history.run.events;
  return events.flatMap((put): EntryBar[] => {
    if (put.kind !== 'cache.put') return [];
    const layer = history.layerOf(put.key);
    if (!layer) return [];
    const expiry = put.at + put.ttlSeconds * 1000;
    const ender = events.find((e) => e.id > put.id && e.at < expiry && ((e.kind === 'cache.forget' && e.entry === put.id) || (e.kind === 'cache.put' && e.key === put.key)));
    const end = !ender ? `expires at ${history.clock(expiry)}` : ender.kind === 'cache.forget' ? `cleared by ${ender.by} at ${history.clock(ender.at)}` : `overwritten by ${ender.by} at ${history.clock(ender.at)}`;
    return [{ id: put.id, lane: layerLaneId(layer.name), key: put.key, from: put.at, to: ender?.at ?? expiry, end }];
  });
}
