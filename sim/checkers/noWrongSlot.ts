import type { CallRecord } from '../metrics/history.ts';
import type { Judgement } from '../metrics/oracle.ts';
import { invalid, valid, type Verdict } from './checker.ts';
import { firstInStepOrder, readSlotMsOf, type JudgedRun } from './judgedRun.ts';
import { registerProperty } from './registry.ts';

/** How a call was misled by an answer about another slot than the one asked or heard (the code's UTC `H:i` matching), or null. */
function misledBy(run: JudgedRun, record: CallRecord, judgement: Judgement): Verdict | null {
  const readMs = readSlotMsOf(record);
  const offered = record.answer.alternatives.find((a, k) => a.readSlotMs !== undefined && judgement.alternativeTruths[k] === 'taken');
  const falseUnavailable = record.answer.outcome === 'unavailable' && judgement.truth === 'free';
  if (judgement.attribution !== 'wrong-slot' && (readMs === undefined || !(judgement.stale || falseUnavailable)) && !offered) return null; // most calls: no text built
  const at = `step ${record.index} (${record.caller})`;
  const slot = run.slotText(record.slotMs);
  if (judgement.attribution === 'wrong-slot') {
    return invalid(run, `${at} was rejected for ${slot}: its "available" was about another slot`, [{ step: record.index, outcome: 'conflict', attribution: 'wrong-slot' }]);
  }
  if (readMs !== undefined && judgement.stale) {
    return invalid(run, `${at} was told ${slot} is free, which is taken: the code tested ${run.slotText(readMs)}`, [{ step: record.index, outcome: 'available', stale: true }]);
  }
  if (readMs !== undefined && falseUnavailable) {
    return invalid(run, `${at} was told ${slot} is not free, which is free: the code tested ${run.slotText(readMs)}`, [{ step: record.index, outcome: 'unavailable', truth: 'free' }]);
  }
  return invalid(run, `${at} was offered ${run.slotText(offered!.slotMs)}, which is taken: the finder read ${run.slotText(offered!.readSlotMs!)} and spoke its UTC time`, [
    { step: record.index, offersTaken: true },
  ]);
}

/** The first step (in step order) misled by an answer about another slot. */
const wrongSlotVerdict = (run: JudgedRun): Verdict => firstInStepOrder(run, (record, judgement) => misledBy(run, record, judgement)) ?? valid;

const summary = 'no caller is misled by an answer about another slot than the one asked or heard (a stale or false answer, a taken alternative, or a rejection)';
registerProperty({ name: 'no-wrong-slot', summary, make: () => ({ name: 'no-wrong-slot', summary, check: wrongSlotVerdict }) });
