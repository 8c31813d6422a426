import type { RunReport } from '../metrics/runReport.ts';
import type { StepReport } from '../metrics/stepReport.ts';
import type { ExpectationResult } from '../checkers/expectationChecker.ts';
import { renderTable } from './table.ts';
import { terminalSafe } from '../escape/terminal.ts';

/** The human view of one run: the timeline table, then each expectation with ✓ or ✗. */
export function renderRun(report: RunReport, replayCommand: string): string {
  const rows = report.steps.map((s) => [
    s.at.slice(11),
    s.caller,
    s.action,
    slotColumn(s),
    s.said,
    s.truth,
    s.servedBy ?? '',
    verdict(s),
  ]);
  const lines = [
    `${terminalSafe(report.scenario)}  profile=${report.profile} fix=${report.fix} seed=${report.seed}`,
    '',
    renderTable(['time', 'caller', 'action', 'slot', 'agent said', 'truth', 'layer', 'verdict'], rows),
    '',
    `metrics: ${Object.entries(report.metrics).map(([k, v]) => `${k}=${v}`).join(' ')}`,
  ];
  const { results, passed, failed } = report.expectations;
  if (results.length) {
    lines.push('', `expectations (${report.fix}): ${passed} passed, ${failed} failed`);
    for (const r of results) lines.push(`  ${r.passed ? '✓' : '✗'} ${describeExpectation(r)}`);
  } else {
    lines.push('', `expectations (${report.fix}): none in the scenario for this variant`);
  }
  lines.push('', `traceHash ${report.traceHash}`, `replay: ${replayCommand}`);
  return lines.join('\n');
}

/** The slot, the slot the code really tested when it differs, and the slot first asked for (or moved from). */
function slotColumn(s: StepReport): string {
  const read = s.readSlot ? ` [tested ${s.readSlot.slice(11)}]` : '';
  if (s.movedFrom) return `${s.slot}${read} (from ${s.movedFrom.slice(11)})`;
  return s.alternativeFor ? `${s.slot}${read} (for ${s.alternativeFor.slice(11)})` : `${s.slot}${read}`;
}

function verdict(step: StepReport): string {
  if (step.stale) return step.readSlot ? `⚠ STALE "available" (wrong-slot: tested ${step.readSlot.slice(11)})` : '⚠ STALE "available"';
  if (step.outcome === 'unavailable' && step.truth === 'free' && step.readSlot) return `⚠ FALSE "unavailable" (wrong-slot: tested ${step.readSlot.slice(11)})`;
  if (step.outcome === 'conflict') {
    const cause = step.attribution === 'stale-cache' ? `stale-cache (${step.staleLayer})` : step.attribution;
    return `✗ REJECTED ${step.httpStatus}: ${cause}`;
  }
  const staleOffer = step.alternatives.filter((a) => a.stale).map((a) => a.slot.slice(11));
  return staleOffer.length ? `⚠ STALE alternative ${staleOffer.join(', ')}` : '';
}

function describeExpectation(result: ExpectationResult): string {
  const e = result.expectation;
  const wanted = Object.entries(e)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return result.passed ? wanted : `${wanted}  — ${result.mismatches.join('; ')}`;
}
