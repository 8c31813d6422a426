import type { StepExpectation } from '../scenario/scenario.ts';
import type { JudgedRun } from './judgedRun.ts';

/**
 * One protocol for every check of a judged run (Jepsen's checker.clj): scenario expectations, explore
 * properties and gate limits all ask a checker, and read the same words from it.
 */
export type Result = 'valid' | 'invalid' | 'unknown';

/** What shows a result: the steps (call indices) and history events involved, and step expectations that pin it down. */
export interface Evidence {
  readonly steps: readonly number[];
  /** Ids of the steps' `call.answered` events, when the run recorded its events. */
  readonly events: readonly number[];
  /** Expectations that hold while the result holds (explore writes them into the scenario it found). */
  readonly expectations: readonly StepExpectation[];
}

export interface Verdict {
  readonly result: Result;
  readonly message?: string;
  readonly evidence: Evidence;
  /** For a composed checker: each part's verdict by name. */
  readonly parts?: Readonly<Record<string, Verdict>>;
}

export interface Checker {
  readonly name: string;
  readonly summary: string;
  check(run: JudgedRun): Verdict;
}

/** A fold over runs: `add` one run, `merge` two partial states; merging in any split equals adding all. */
export interface Fold<S, R = JudgedRun> {
  empty(): S;
  add(state: S, run: R): S;
  merge(a: S, b: S): S;
}

export const noEvidence: Evidence = { steps: [], events: [], expectations: [] };
export const valid: Verdict = { result: 'valid', evidence: noEvidence };

/** An invalid verdict for `steps`, with the ids of their answers when the run recorded events. */
export function invalid(run: JudgedRun, message: string, expectations: readonly StepExpectation[], steps = expectations.map((e) => e.step)): Verdict {
  const events = run.events ? run.events.filter((e) => e.kind === 'call.answered' && steps.includes(e.step)).map((e) => e.id) : [];
  return { result: 'invalid', message, evidence: { steps, events, expectations } };
}

const severity: Readonly<Record<Result, number>> = { valid: 0, unknown: 1, invalid: 2 };

/** All checkers over one run: invalid if any is, else unknown if any is, else valid (as Jepsen's compose). */
export function compose(...checkers: readonly Checker[]): Checker {
  return {
    name: checkers.map((c) => c.name).join(' + '),
    summary: checkers.map((c) => c.summary).join('; '),
    check(run) {
      const parts = Object.fromEntries(checkers.map((c) => [c.name, c.check(run)]));
      const verdicts = Object.values(parts);
      const result = verdicts.reduce<Result>((worst, v) => (severity[v.result] > severity[worst] ? v.result : worst), 'valid');
      const failing = checkers.filter((c) => parts[c.name].result !== 'valid');
      const message = failing.map((c) => `${c.name}: ${parts[c.name].message ?? parts[c.name].result}`).join('; ');
      const evidence = {
        steps: [...new Set(verdicts.flatMap((v) => v.evidence.steps))],
        events: [...new Set(verdicts.flatMap((v) => v.evidence.events))],
        expectations: verdicts.flatMap((v) => v.evidence.expectations),
      };
      return { result, ...(message ? { message } : {}), evidence, parts };
    },
  };
}
