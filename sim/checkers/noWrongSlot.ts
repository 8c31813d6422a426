import { invalid, valid, type Verdict } from './checker.ts';
import { callsInStepOrder, readSlotMsOf, type JudgedRun } from './judgedRun.ts';
import { registerProperty } from './registry.ts';

/** The first step misled by an answer about another slot than the one asked or heard (the code's UTC `H:i` matching). */
function wrongSlotVerdict(run: JudgedRun): Verdict {
  for (const { record, judgement } of callsInStepOrder(run)) {
    const at = `step ${record.index} (${record.caller})`;
    const slot = run.slotText(record.slotMs);
    const readMs = readSlotMsOf(record);
    if (judgement.attribution === 'wrong-slot') {
      return invalid(run, `${at} was rejected for ${slot}: its "available" was about another slot`, [{ step: record.index, outcome: 'conflict', attribution: 'wrong-slot' }]);
    }
    if (readMs !== undefined && judgement.stale) {
      return invalid(run, `${at} was told ${slot} is free, which is taken: the code tested ${run.slotText(readMs)}`, [{ step: record.index, outcome: 'available', stale: true }]);
    }
    if (readMs !== undefined && record.answer.outcome === 'unavailable' && judgement.truth === 'free') {
      return invalid(run, `${at} was told ${slot} is not free, which is free: the code tested ${run.slotText(readMs)}`, [{ step: record.index, outcome: 'unavailable', truth: 'free' }]);
    }
    const offered = record.answer.alternatives.find((a, k) => a.readSlotMs !== undefined && judgement.alternativeTruths[k] === 'taken');
    if (offered) {
      return invalid(run, `${at} was offered ${run.slotText(offered.slotMs)}, which is taken: the finder read ${run.slotText(offered.readSlotMs!)} and spoke its UTC time`, [
        { step: record.index, offersTaken: true },
      ]);
    }
  }
  return valid;
}

const summary = 'no caller is misled by an answer about another slot than the one asked or heard (a stale or false answer, a taken alternative, or a rejection)';
registerProperty({ name: 'no-wrong-slot', summary, make: () => ({ name: 'no-wrong-slot', summary, check: wrongSlotVerdict }) });
