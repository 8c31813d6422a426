import type { Expectation, StepExpectation } from '../scenario/scenario.ts';
import type { StepReport } from './stepReport.ts';

export interface ExpectationResult {
  readonly expectation: Expectation;
  readonly passed: boolean;
  /** One line per field that differs: `outcome: expected unavailable, got available`. */
  readonly mismatches: readonly string[];
}

const stepFields = ['outcome', 'stale', 'truth', 'servedBy', 'attribution', 'staleLayer', 'offersTaken'] as const;

/** Checks a variant's expectations against the finished run. */
export function checkExpectations(
  expectations: readonly Expectation[],
  steps: readonly StepReport[],
  liveKeys: readonly string[],
): ExpectationResult[] {
  const live = new Set(liveKeys);
  return expectations.map((expectation) => {
    const mismatches: string[] = [];
    if ('key' in expectation) {
      const present = live.has(expectation.key);
      if (present !== expectation.present) mismatches.push(`key ${expectation.key}: expected ${expectation.present ? 'alive' : 'absent'}, got ${present ? 'alive' : 'absent'}`);
    } else {
      const step = steps[expectation.step];
      for (const field of stepFields) {
        const expected = (expectation as StepExpectation)[field];
        if (expected !== undefined && step[field] !== expected) mismatches.push(`step ${expectation.step} ${field}: expected ${expected}, got ${step[field]}`);
      }
    }
    return { expectation, passed: mismatches.length === 0, mismatches };
  });
}
