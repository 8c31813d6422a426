import type { HistoryEvent } from '../../core/history.ts';
import { ymdHisv, type ZonedCalendar } from '../../core/zonedTime.ts';
import type { CallRecord } from '../../metrics/history.ts';
import type { StepReport } from '../../metrics/stepReport.ts';
import type { ScenarioRun } from '../../scenario/runScenario.ts';
import type { CacheLayer } from '../../systems/systemPlugin.ts';

export type EventOf<K extends HistoryEvent['kind']> = Extract<HistoryEvent, { kind: K }>;

/** One step's answer: the judged step, its call record, and its invoke and answer events. */
export interface StepAnswer {
  readonly step: StepReport;
  readonly record: CallRecord;
  readonly invoked: EventOf<'call.invoked'>;
  readonly answered: EventOf<'call.answered'>;
}

/** A run's typed history indexed for the timeline: events by id, steps with their events, keys by layer. */
export class RunHistory {
  readonly byId: ReadonlyMap<number, HistoryEvent>;
  readonly answers: readonly StepAnswer[];

  constructor(
    readonly run: ScenarioRun,
    readonly layers: readonly CacheLayer[],
    private readonly classifyKey: (key: string) => string | null,
    readonly calendar: ZonedCalendar,
  ) {
    this.byId = new Map(run.events.map((e) => [e.id, e]));
    const records = new Map(run.outcome.records.map((r) => [r.index, r]));
    const invoked = new Map(run.events.filter((e): e is EventOf<'call.invoked'> => e.kind === 'call.invoked').map((e) => [e.step, e]));
    const answered = new Map(run.events.filter((e): e is EventOf<'call.answered'> => e.kind === 'call.answered').map((e) => [e.step, e]));
    this.answers = run.report.steps.flatMap((step) => {
      const [record, inv, ans] = [records.get(step.index), invoked.get(step.index), answered.get(step.index)];
      return record && inv && ans ? [{ step, record, invoked: inv, answered: ans }] : [];
    });
  }

  /** The layer a key belongs to, as the system plug-in classifies it; null for keys of no layer. */
  layerOf(key: string): CacheLayer | null {
    const name = this.classifyKey(key);
    return this.layers.find((l) => l.name === name) ?? null;
  }

  /** What the step's own process did between its invoke and its answer. */
  eventsOf(answer: StepAnswer): HistoryEvent[] {
    return this.run.events.filter((e) => e.by === answer.answered.by && e.id > answer.invoked.id && e.id < answer.answered.id);
  }

  /** Local wall-clock time of day (`H:i:s.v`) in the scenario's zone. */
  clock(ms: number): string {
    return ymdHisv(this.calendar.toLocal(ms)).slice(11);
  }
}
