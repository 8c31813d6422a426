import { alternativeText, namesAlternative, type Expectation, type PropertyExpectation, type StepExpectation } from '../scenario/scenario.ts';
import { invalid, valid, type Checker, type Verdict } from './checker.ts';
import { offersTaken, type JudgedRun } from './judgedRun.ts';
import { parseProperty } from './properties.ts';

export interface ExpectationResult {
  readonly expectation: Expectation;
  readonly passed: boolean;
  /** One line per field that differs: `outcome: expected unavailable, got available`. */
  readonly mismatches: readonly string[];
}

const stepFields = ['outcome', 'stale', 'truth', 'servedBy', 'attribution', 'staleLayer', 'offersTaken'] as const;

/** One expectation of a scenario's `expect:` as a checker; an invalid verdict's message has one line per mismatch. */
export function expectationChecker(expectation: Expectation): Checker {
  if ('property' in expectation) return propertyExpectationChecker(expectation);
  if ('key' in expectation) {
    const { key, present } = expectation;
    return {
      name: `key ${key}`,
      summary: `cache key ${key} is ${present ? 'alive' : 'absent'} when the run ends`,
      check: (run) => {
        const alive = run.liveKeys.includes(key);
        return alive === present ? valid : invalid(run, `key ${key}: expected ${present ? 'alive' : 'absent'}, got ${alive ? 'alive' : 'absent'}`, []);
      },
    };
  }
  return stepExpectationChecker(expectation);
}

function stepExpectationChecker(expectation: StepExpectation): Checker {
  const { step } = expectation;
  return {
    name: `step ${step}`,
    summary: `step ${step} shows ${[...stepFields, 'alternatives' as const].filter((f) => expectation[f] !== undefined).join(', ')} as expected`,
    check: (run): Verdict => {
      const i = run.records.findIndex((r) => r.index === step);
      if (i === -1) return { result: 'unknown', message: `step ${step}: expected a call, got none`, evidence: { steps: [step], events: [], expectations: [] } };
      const { answer } = run.records[i];
      const judgement = run.judgements[i];
      const actual = { outcome: answer.outcome, servedBy: answer.servedBy, stale: judgement.stale, truth: judgement.truth, attribution: judgement.attribution, staleLayer: judgement.staleLayer, offersTaken: offersTaken(judgement) };
      const mismatches = stepFields.filter((f) => expectation[f] !== undefined && actual[f] !== expectation[f]).map((f) => `step ${step} ${f}: expected ${expectation[f]}, got ${actual[f]}`);
      const offered = answer.alternatives.map((a) => run.slotText(a.slotMs));
      if (expectation.alternatives && !sameAlternatives(expectation.alternatives, offered)) {
        const asked = run.slotText(run.records[i].slotMs);
        mismatches.push(`step ${step} alternatives: expected [${expectation.alternatives.join(', ')}], got [${offered.map((o) => alternativeText(asked, o)).join(', ')}]`);
      }
      return mismatches.length ? invalid(run, mismatches.join('\n'), [], [step]) : valid;
    },
  };
}

/** The offered slots are the written ones, in order. */
const sameAlternatives = (written: readonly string[], offered: readonly string[]) => written.length === offered.length && written.every((w, k) => namesAlternative(w, offered[k]));

/** A property entry: the property must hold, or with `holds: false` must be broken. */
function propertyExpectationChecker(expectation: PropertyExpectation): Checker {
  const property = parseProperty(expectation.property, 'expect: property');
  const wanted = expectation.holds ?? true;
  return {
    name: `property ${property.name}`,
    summary: `${property.name} ${wanted ? 'holds' : 'is broken'}`,
    check: (run): Verdict => {
      const verdict = property.check(run);
      const { result, evidence } = verdict;
      if (result === (wanted ? 'valid' : 'invalid')) return { result: 'valid', evidence };
      const got = result === 'valid' ? 'holds' : `${result === 'invalid' ? 'broken' : 'unknown'}: ${verdict.message}`;
      return { result: result === 'unknown' ? 'unknown' : 'invalid', message: `property ${property.name}: expected ${wanted ? 'to hold' : 'broken'}, ${got}`, evidence };
    },
  };
}

/** Checks a variant's expectations (steps, cache keys, properties) against the judged run. */
export function checkExpectations(expectations: readonly Expectation[], run: JudgedRun): ExpectationResult[] {
  return expectations.map((expectation) => {
    const verdict = expectationChecker(expectation).check(run);
    return { expectation, passed: verdict.result === 'valid', mismatches: verdict.result === 'valid' ? [] : (verdict.message ?? verdict.result).split('\n') };
  });
}
