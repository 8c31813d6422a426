import type { HistoryEvent } from '../core/history.ts';
import { isoUtc } from '../core/zonedTime.ts';
import type { CallRecord } from '../metrics/history.ts';
import { HANDLER_ONLY, THROWN } from './codeSystem.ts';
import { isLayerKey } from './stepPlan.ts';

/** What one process (a step or a webhook) did, in words both runs share. */
export interface ProcessRecord {
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  readonly requests: readonly string[];
  /** Sorted: a clear's order is not part of its meaning. */
  readonly forgets: readonly string[];
  readonly answer: string;
  /** The exception a driven unit threw, shown beside a differing answer. */
  readonly thrown: string | null;
  /** The step called no driven unit (its model's handler answered alone): it is listed, not compared. */
  readonly handlerOnly: boolean;
  /** Code the driver does not drive that the model's step ran (known by a key only that code reads), or null. */
  readonly undriven: string | null;
}

/**
 * Keys only code the driver does not drive reads: a process whose model read one ran that code, so the
 * code side ran a stand-in and the process is listed, not compared.
 */
const UNDRIVEN_BY_KEY: readonly (readonly [prefix: string, code: string])[] = [
  ['booking_validation:', 'the booking step from 484a16e68 on (validation key, re-check, double check, retry: RetellFunctionCallHandler)'],
  ['calcom_slot:', 'CalcomAvailabilityService, the function-call check from 484a16e68 on'],
];
const undrivenCodeOf = (key: string) => UNDRIVEN_BY_KEY.find(([prefix]) => key.startsWith(prefix))?.[1];

/** One aspect on which the model and the code disagree for a process. */
export interface Difference {
  readonly aspect: 'keys read' | 'keys written' | 'Cal.com requests' | 'keys forgotten' | 'answer';
  readonly model: string;
  readonly code: string;
}

export interface StepComparison {
  readonly process: string;
  readonly action: string;
  readonly differences: readonly Difference[];
  /** Why a process was not compared, when it was not. */
  readonly notCompared?: string;
}

/** Every process's record in a run's history, by label; `actions` names each step's action. */
export function processRecords(events: readonly HistoryEvent[], records: readonly CallRecord[]): Map<string, ProcessRecord> {
  const byLabel = new Map<string, { reads: string[]; writes: string[]; requests: string[]; forgets: string[] }>();
  const of = (label: string) => byLabel.get(label) ?? byLabel.set(label, { reads: [], writes: [], requests: [], forgets: [] }).get(label)!;
  const thrown = new Map<string, string>();
  const handlerOnly = new Set<string>();
  const undriven = new Map<string, string>();
  for (const event of events) {
    const undrivenCode = event.kind === 'cache.get' ? undrivenCodeOf(event.key) : undefined;
    if (undrivenCode !== undefined) undriven.set(event.by, undrivenCode);
    if (event.kind === 'note' && event.text.startsWith(THROWN)) thrown.set(event.by, event.text.slice(THROWN.length + 1));
    if (event.kind === 'note' && event.text === HANDLER_ONLY) handlerOnly.add(event.by);
    if (event.kind === 'cache.get' && isLayerKey(event.key)) of(event.by).reads.push(`${event.key} ${event.hit ? 'hit' : 'miss'}`);
    if (event.kind === 'cache.put' && isLayerKey(event.key)) of(event.by).writes.push(`${event.key} ttl=${event.ttlSeconds}s`);
    if (event.kind === 'cache.forget' && isLayerKey(event.key)) of(event.by).forgets.push(event.key);
    if (event.kind === 'calcom.read') of(event.by).requests.push(`GET /slots/available eventTypeId=${event.eventType} ${isoUtc(event.fromMs)}..${isoUtc(event.toMs)}`);
  }
  const answers = new Map(records.map((r) => [`${r.caller}#${r.index}`, answerText(r)]));
  const labels = new Set([...byLabel.keys(), ...answers.keys()]);
  return new Map(
    [...labels].map((label) => {
      const found = byLabel.get(label) ?? { reads: [], writes: [], requests: [], forgets: [] };
      const record = { ...found, forgets: [...new Set(found.forgets)].sort(), answer: answers.get(label) ?? '-', thrown: thrown.get(label) ?? null, handlerOnly: handlerOnly.has(label), undriven: undriven.get(label) ?? null };
      return [label, record];
    }),
  );
}

/** A step's answer in words: the outcome, and the slots offered as the finder read them. */
function answerText(record: CallRecord): string {
  const { answer } = record;
  const offered = answer.alternatives.map((a) => isoUtc(a.readSlotMs ?? a.slotMs));
  return offered.length > 0 ? `${answer.outcome}, offers ${offered.join(' ')}` : answer.outcome;
}

/** Model against code, process by process, in the model's order. */
export function compareRuns(model: ReadonlyMap<string, ProcessRecord>, code: ReadonlyMap<string, ProcessRecord>, actions: ReadonlyMap<string, string>): StepComparison[] {
  const empty: ProcessRecord = { reads: [], writes: [], requests: [], forgets: [], answer: '-', thrown: null, handlerOnly: false, undriven: null };
  const labels = [...new Set([...model.keys(), ...code.keys()])];
  return labels.map((label) => {
    const m = model.get(label) ?? empty;
    const c = code.get(label) ?? empty;
    const action = actions.get(label) ?? (label.startsWith('webhook:') ? 'webhook' : '-');
    if (c.handlerOnly) return { process: label, action, differences: [], notCompared: `the model's handler answered ${m.answer} without a driven unit` };
    if (m.undriven) return { process: label, action, differences: [], notCompared: `the model ran ${m.undriven}, which the driver does not drive (model: ${m.answer})` };
    const differences = [
      listDifference('keys read', m.reads, c.reads),
      listDifference('keys written', m.writes, c.writes),
      listDifference('Cal.com requests', m.requests, c.requests),
      setDifference(m.forgets, c.forgets),
      m.answer === c.answer ? null : { aspect: 'answer' as const, model: m.answer, code: c.thrown ? `${c.answer} (${c.thrown})` : c.answer },
    ].filter((d): d is Difference => d !== null);
    return { process: label, action, differences };
  });
}

/** The first place two sequences part: the entry each has there (or `nothing`), with its position. */
function listDifference(aspect: Difference['aspect'], model: readonly string[], code: readonly string[]): Difference | null {
  const at = firstMismatch(model, code);
  if (at < 0) return null;
  const where = (list: readonly string[]) => (at < list.length ? `#${at + 1} ${list[at]}` : `nothing at #${at + 1}`) + ` (${list.length} in all)`;
  return { aspect, model: where(model), code: where(code) };
}

function firstMismatch(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Keys one side forgot and the other did not, with counts (a clear forgets hundreds). */
function setDifference(model: readonly string[], code: readonly string[]): Difference | null {
  const codeSet = new Set(code);
  const modelSet = new Set(model);
  const onlyModel = model.filter((k) => !codeSet.has(k));
  const onlyCode = code.filter((k) => !modelSet.has(k));
  if (onlyModel.length === 0 && onlyCode.length === 0) return null;
  const say = (count: number, only: readonly string[]) => `${count} keys${only.length ? `, ${only.length} only here, e.g. ${only[0]}` : ''}`;
  return { aspect: 'keys forgotten', model: say(model.length, onlyModel), code: say(code.length, onlyCode) };
}
