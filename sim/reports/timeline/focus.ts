import type { HistoryEvent } from '../../core/history.ts';
import type { CallRecord } from '../../metrics/history.ts';
import type { ScenarioRun } from '../../scenario/runScenario.ts';

/**
 * One call of a long run, and only what bears on it: every call about the same slot (asked, booked,
 * or offered as an alternative) or about a slot it was offered already taken (asked or booked), the
 * bookings of those slots and their webhooks, and the cache entries those calls read or wrote, with
 * everyone's fills and clears of them (not everyone's reads). A peak-hour run has hundreds of callers;
 * this is the part a reader needs to see why that one call went as it did.
 */
export function focusOnCall(run: ScenarioRun, callIndex: number): ScenarioRun {
  const target = run.outcome.records.find((r) => r.index === callIndex);
  if (!target) return run;
  const taken = (ms: number) => run.outcome.ledger.some((b) => b.eventTypeId === target.eventType && b.startMs === ms && b.acceptedAt <= target.answeredAt);
  const slots = new Set([target.slotMs, ...target.answer.alternatives.map((a) => a.slotMs).filter(taken)]);
  const about = (ms: number | null) => ms !== null && slots.has(ms);
  const aboutSlot = (r: CallRecord) =>
    r.eventType === target.eventType && (about(r.slotMs) || about(r.alternativeFor) || about(r.movedFrom) || r.answer.alternatives.some((a) => a.slotMs === target.slotMs));
  const records = run.outcome.records.filter(aboutSlot);
  const keptSteps = new Set(records.map((r) => r.index));
  const bookings = run.outcome.ledger.filter((b) => b.eventTypeId === target.eventType && slots.has(b.startMs));
  const processes = new Set([...records.map((r) => `${r.caller}#${r.index}`), ...bookings.map((b) => `webhook:${b.uid}`), ...bookings.map((b) => `webhook:${b.uid}:again`)]);
  // The entries these calls read or filled; a booking's clear of a hundred other keys is not about them.
  const keys = new Set(run.events.flatMap((e) => (processes.has(e.by) && (e.kind === 'cache.get' || e.kind === 'cache.put') ? [e.key] : [])));
  const kept = (e: HistoryEvent) => {
    if (isCacheEvent(e)) return keys.has(e.key) && (processes.has(e.by) || e.kind !== 'cache.get'); // others' fills and clears of them, not others' reads
    return processes.has(e.by) || (e.kind === 'calcom.accepted' && bookings.some((b) => b.uid === e.uid));
  };
  const events = run.events.filter(kept);
  return {
    ...run,
    events,
    trace: [],
    report: { ...run.report, steps: run.report.steps.filter((s) => keptSteps.has(s.index)) },
    outcome: { ...run.outcome, records },
  };
}

function isCacheEvent(e: HistoryEvent): e is Extract<HistoryEvent, { key: string }> {
  return e.kind === 'cache.get' || e.kind === 'cache.put' || e.kind === 'cache.forget';
}
