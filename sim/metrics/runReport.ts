import { checkExpectations, type ExpectationResult } from '../checkers/expectationChecker.ts';
import { offersTaken, readSlotMsOf, slotTextIn, type JudgedRun } from '../checkers/judgedRun.ts';
import { ymdHisv } from '../core/zonedTime.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { World, WorldOutcome } from '../world.ts';
import type { CallRecord } from './history.ts';
import type { Judgement } from './oracle.ts';
import type { StepReport } from './stepReport.ts';

export interface RunMetrics {
  /** The agent's `create_booking` calls (bookings on Cal.com's own page are not calls to the agent), as compare counts them. */
  readonly bookingAttempts: number;
  /** Those of them Cal.com rejected. */
  readonly conflicts: number;
  readonly wrongSlotConflicts: number;
  readonly availabilityAnswers: number;
  readonly offeredAlternatives: number;
  /** Stale direct "available" answers plus stale offered alternatives. */
  readonly staleAvailable: number;
  readonly staleDirect: number;
  readonly staleAlternatives: number;
  readonly calcomRequests: number;
  readonly keysForgotten: number;
}

/** The document `racesim run --json` prints. */
export interface RunReport {
  readonly scenario: string;
  readonly profile: string;
  readonly fix: string;
  readonly seed: number;
  readonly steps: readonly StepReport[];
  readonly metrics: RunMetrics;
  readonly cache: { readonly live: readonly string[] };
  readonly expectations: { readonly passed: number; readonly failed: number; readonly results: readonly ExpectationResult[] };
  readonly traceHash: string;
}

/** A finished, judged scenario run as `run --json` shows it, with the variant's expectations checked. */
export function buildRunReport(
  scenario: Scenario,
  run: { readonly profile: string; readonly fix: string; readonly seed: number },
  world: World,
  outcome: WorldOutcome,
  judged: JudgedRun,
): RunReport {
  const steps = outcome.records.map((record, i) => stepReportOf(record, judged.judgements[i], world)).sort((a, b) => a.index - b.index);
  const results = checkExpectations(Object.hasOwn(scenario.expect, run.fix) ? scenario.expect[run.fix] : [], judged); // own only: a variant may be named `constructor`
  const passed = results.filter((r) => r.passed).length;
  return {
    scenario: scenario.name,
    profile: run.profile,
    fix: run.fix,
    seed: run.seed,
    steps,
    metrics: runMetricsOf(steps, outcome),
    cache: { live: outcome.liveKeys },
    expectations: { passed, failed: results.length - passed, results },
    traceHash: outcome.trace?.hash() ?? '',
  };
}

/** One call as `run --json` shows it: local times, the oracle's truth and cause, what the agent said. */
function stepReportOf(record: CallRecord, judgement: Judgement, world: World): StepReport {
  const { calendar } = world;
  const local = (ms: number) => ymdHisv(calendar.toLocal(ms));
  const slotText = (ms: number) => slotTextIn(calendar, ms);
  const readMs = readSlotMsOf(record);
  return {
    index: record.index,
    at: local(record.invokedAt),
    answeredAt: local(record.answeredAt),
    caller: record.caller,
    action: record.action,
    slot: slotText(record.slotMs),
    readSlot: readMs === undefined ? null : slotText(readMs),
    alternativeFor: record.alternativeFor === null ? null : slotText(record.alternativeFor),
    movedFrom: record.movedFrom === null ? null : slotText(record.movedFrom),
    outcome: record.answer.outcome,
    truth: judgement.truth,
    servedBy: record.answer.servedBy,
    stale: judgement.stale,
    attribution: judgement.attribution,
    staleLayer: judgement.staleLayer,
    alternatives: record.answer.alternatives.map((a, k) => ({
      slot: slotText(a.slotMs),
      readSlot: a.readSlotMs === undefined ? null : slotText(a.readSlotMs),
      entryKey: a.entryKey ?? null,
      servedBy: a.servedBy,
      truth: judgement.alternativeTruths[k],
      stale: judgement.alternativeTruths[k] === 'taken',
    })),
    offersTaken: offersTaken(judgement),
    httpStatus: record.answer.httpStatus ?? null,
    said: world.system.describe(record.answer, record.slotMs, record.action),
  };
}

function runMetricsOf(steps: readonly StepReport[], outcome: WorldOutcome): RunMetrics {
  const staleDirect = steps.filter((s) => s.stale).length;
  const staleAlternatives = steps.reduce((n, s) => n + s.alternatives.filter((a) => a.stale).length, 0);
  return {
    // The agent's bookings only, as compare counts them: a booking on Cal.com's own page is not a call to the agent.
    bookingAttempts: steps.filter((s) => s.action === 'create_booking').length,
    conflicts: steps.filter((s) => s.action === 'create_booking' && s.outcome === 'conflict').length,
    wrongSlotConflicts: steps.filter((s) => s.attribution === 'wrong-slot').length,
    availabilityAnswers: steps.filter((s) => s.action === 'check_availability').length,
    offeredAlternatives: steps.reduce((n, s) => n + s.alternatives.length, 0),
    staleAvailable: staleDirect + staleAlternatives,
    staleDirect,
    staleAlternatives,
    calcomRequests: outcome.calcomRequests,
    keysForgotten: outcome.stats.keysForgotten,
  };
}
