import type { Checker } from '../checkers/checker.ts';
import { parseProperties as parseCheckers } from '../checkers/properties.ts';
import type { ScenarioRun } from '../scenario/runScenario.ts';
import type { StepExpectation } from '../scenario/scenario.ts';

/** A property broken by a run: which steps show it, and the expectations that pin it down. */
export interface Violation {
  readonly property: string;
  readonly message: string;
  /** Expectations that hold while the violation is there (written into the found scenario). */
  readonly evidence: readonly StepExpectation[];
}

/** A property checker as explore asks it: of a scenario run, the violation or null. */
export interface Property {
  readonly name: string;
  check(run: ScenarioRun): Violation | null;
}

const propertyOf = (checker: Checker): Property => ({
  name: checker.name,
  check: (run) => {
    const verdict = checker.check(run.judged);
    return verdict.result === 'invalid' ? { property: checker.name, message: verdict.message!, evidence: verdict.evidence.expectations } : null;
  },
});

/** Parses `--property` (see sim/checkers/registry.ts) into the properties explore checks. */
export const parseProperties = (text: string, option = '--property'): Property[] => parseCheckers(text, option).map(propertyOf);
