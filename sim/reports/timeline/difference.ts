import { alternativeChain } from './alternatives.ts';
import { answerSource, firstRead } from './chain.ts';
import type { RunHistory, StepAnswer } from './runHistory.ts';

/**
 * One line on how two variants' runs part: for the first step whose outcome or staleness differs, what
 * each variant told the caller and where that answer came from, the slot it tested when it was another,
 * and the alternatives it offered already taken with the entry each came from; and when one read a cache
 * entry the other did not, when the other run cleared that key.
 */
export function differenceLine(left: RunHistory, right: RunHistory): string {
  const names = [left, right].map((h) => h.run.report.fix);
  const pairs = left.answers.flatMap((a) => {
    const b = right.answers.find((x) => x.step.index === a.step.index);
    return b ? [[a, b] as const] : [];
  });
  const parting = pairs.find(([a, b]) => a.step.outcome !== b.step.outcome || a.step.stale !== b.step.stale || a.step.offersTaken !== b.step.offersTaken);
  if (!parting) return `${names[0]} and ${names[1]}: every answer the same.`;
  const [a, b] = parting;
  return `Step ${a.step.index}: ${side(left, a, right, b)}; ${side(right, b, left, a)}.`;
}

/**
 * What one variant told the caller and where from, and whether it had cleared the entry the other
 * variant read. "(stale)" is said of the direct answer only; a taken alternative is named as one.
 */
function side(own: RunHistory, answer: StepAnswer, other: RunHistory, otherAnswer: StepAnswer): string {
  const { step } = answer;
  const staleness = step.stale ? ' (stale)' : '';
  const tested = step.readSlot ? ` about ${step.readSlot.slice(11)} (asked ${step.slot.slice(11)}; the code tested the slot of that UTC H:i)` : '';
  return `${own.run.report.fix}: ${step.caller} told "${step.outcome}"${staleness}${tested} ${answerSource(own, answer)}${clearOf(own, answer, other, otherAnswer)}${offers(own, answer, otherAnswer)}`;
}

/** The alternatives already taken when offered, each with its chain; or, when the other variant offered one, that this one offered none. */
function offers(own: RunHistory, answer: StepAnswer, otherAnswer: StepAnswer): string {
  const taken = answer.step.alternatives.flatMap((a, k) => (a.stale ? [alternativeChain(own, answer, k, new Set(), true)] : []));
  if (taken.length > 0) return `, and ${taken.join(', and ')}`;
  if (otherAnswer.step.offersTaken) return answer.step.alternatives.length ? ', and offered no slot already taken' : ', and offered no alternatives';
  return '';
}

/** When the other variant's answer came from a cache entry: this run's last clear of that key before its own answer. */
function clearOf(own: RunHistory, answer: StepAnswer, other: RunHistory, otherAnswer: StepAnswer): string {
  const hit = firstRead(other, otherAnswer);
  if (hit?.kind !== 'cache.get') return '';
  const clears = own.run.events.filter((e) => e.kind === 'cache.forget' && e.removed && e.key === hit.key && e.id < answer.answered.id);
  const clear = clears.at(-1);
  return clear ? `, after ${clear.by} cleared the entry that "${other.run.report.fix}" read, at ${own.clock(clear.at)}` : '';
}
