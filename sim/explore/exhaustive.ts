import type { ScheduledEvent } from '../core/eventQueue.ts';
import type { TaskSelector } from '../core/taskSelector.ts';
import type { StepReport } from '../metrics/stepReport.ts';
import { runScenario } from '../scenario/runScenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { ProfileName, VariantName } from '../systems/registry.ts';
import type { SystemPlugin } from '../systems/systemPlugin.ts';

export interface ExhaustiveOptions {
  /** A variant of the scenario's system: askproai's names, or a stack file's. */
  readonly fix: VariantName | (string & {});
  readonly profile?: ProfileName;
  /** Overrides the scenario's system (`--system`/`--stack`). */
  readonly system?: SystemPlugin;
  /** Stop after this many orderings (the search says whether it was complete). */
  readonly maxOrderings: number;
  /**
   * What "concurrent" means: events due within one window of this many ms may run in any order (as if
   * the delays inside the window were free); each process keeps its own order, so causality holds.
   */
  readonly windowMs: number;
}

export interface ExhaustiveOutcome {
  readonly count: number;
  /** Tie choices that produce it: replay with `tieBreaks` (and the same window). */
  readonly ordering: readonly number[];
  readonly steps: readonly StepReport[];
}

export interface ExhaustiveResult {
  readonly orderings: number;
  readonly distinct: number;
  /** False when maxOrderings stopped the search before every ordering was tried. */
  readonly complete: boolean;
  readonly outcomes: readonly ExhaustiveOutcome[];
}

/** Follows `prefix` at the first ties, FIFO after; records every tie's choice and width. */
function prefixSelector(prefix: readonly number[]): TaskSelector & { readonly choices: number[]; readonly widths: number[] } {
  const choices: number[] = [];
  const widths: number[] = [];
  return {
    name: 'exhaustive',
    choices,
    widths,
    select: (ready: readonly ScheduledEvent[]) => {
      const choice = choices.length < prefix.length ? prefix[choices.length] : 0;
      choices.push(choice);
      widths.push(ready.length);
      return choice;
    },
  };
}

/** What a caller observes in one step; orderings that agree on this for every step are the same outcome. */
const observed = (s: StepReport) => ({ index: s.index, caller: s.caller, action: s.action, slot: s.slot, outcome: s.outcome, truth: s.truth, stale: s.stale, servedBy: s.servedBy, attribution: s.attribution });

/**
 * Depth-first enumeration of every tie-breaking sequence (stateless model checking): each run takes
 * the first alternative at every tie past its prefix, and pushes one prefix per untried alternative.
 * Nothing is pruned: without a proof that two events commute, skipping an order would not be sound.
 */
export function exhaustive(scenario: Scenario, options: ExhaustiveOptions): ExhaustiveResult {
  const stack: number[][] = [[]];
  const outcomes = new Map<string, { count: number; ordering: number[]; steps: StepReport[] }>();
  let orderings = 0;
  while (stack.length && orderings < options.maxOrderings) {
    const prefix = stack.pop()!;
    const selector = prefixSelector(prefix);
    const { report } = runScenario(scenario, { fix: options.fix, profile: options.profile, seed: 1, selector, tieWindowMs: options.windowMs, system: options.system });
    orderings++;
    for (let tie = selector.widths.length - 1; tie >= prefix.length; tie--) {
      for (let alternative = selector.widths[tie] - 1; alternative >= 1; alternative--) stack.push([...selector.choices.slice(0, tie), alternative]);
    }
    const key = JSON.stringify(report.steps.map(observed));
    const seen = outcomes.get(key);
    if (seen) seen.count++;
    else outcomes.set(key, { count: 1, ordering: selector.choices, steps: [...report.steps] });
  }
  return { orderings, distinct: outcomes.size, complete: stack.length === 0, outcomes: [...outcomes.values()] };
}
