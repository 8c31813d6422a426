import { Document, isMap, isScalar, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { RunReport } from '../metrics/runReport.ts';
import { alternativeText, type Expectation, type KeyExpectation, type PropertyExpectation, type StepExpectation } from './scenario.ts';

/** Every field the expectation language has for a step, as the run observed it: any change to one fails the replay. */
export function observedExpectations(report: RunReport, previous: readonly Expectation[] = []): Expectation[] {
  const steps = report.steps.map(
    (s): StepExpectation => ({
      step: s.index,
      outcome: s.outcome,
      truth: s.truth,
      stale: s.stale,
      servedBy: s.servedBy,
      attribution: s.attribution,
      staleLayer: s.staleLayer,
      offersTaken: s.offersTaken,
      // The slots offered, where an answer offers them ("unavailable", a rejection): which ones, not only whether one was taken.
      ...(s.alternatives.length || s.outcome === 'unavailable' || s.outcome === 'conflict' ? { alternatives: s.alternatives.map((a) => alternativeText(s.slot, a.slot)) } : {}),
    }),
  );
  // Keys a user chose to watch stay watched, with whether they were alive at the end of this run.
  const live = new Set(report.cache.live);
  const keys = previous.filter((e): e is KeyExpectation => 'key' in e).map((e): KeyExpectation => ({ key: e.key, present: live.has(e.key) }));
  // Properties stay too, with whether they held in this run (an entry passed when it held as it said).
  const properties = report.expectations.results.flatMap(({ expectation, passed }): PropertyExpectation[] =>
    'property' in expectation ? [(expectation.holds ?? true) === passed ? { property: expectation.property } : { property: expectation.property, holds: false }] : [],
  );
  return [...steps, ...keys, ...properties];
}

/**
 * The scenario text with the `expect:` entries of the given variants replaced by `byVariant`. Only the
 * `expect:` block is rewritten (with the yaml Document API, so its other variants and their comments
 * stay); every byte before and after it stays as written, folded descriptions included.
 */
export function withExpectations(text: string, byVariant: Readonly<Record<string, readonly Expectation[]>>): string {
  const doc = parseDocument(text);
  const root = doc.contents as YAMLMap;
  const pair = root.items.find((item) => isScalar(item.key) && item.key.value === 'expect');
  const expect = isMap(pair?.value) ? pair.value : new YAMLMap();
  for (const [variant, expectations] of Object.entries(byVariant)) {
    const list = flowList(doc, expectations);
    const existing = expect.items.find((item) => isScalar(item.key) && String(item.key.value) === variant);
    if (existing) existing.value = list;
    else expect.items.push(new Pair(quoted(variant), list));
  }
  const block = new Document(null);
  block.contents = new YAMLMap();
  block.contents.items.push(new Pair(new Scalar('expect'), expect));
  const rendered = block.toString({ lineWidth: 200 });
  const [from, to] = [(pair?.key as Scalar | undefined)?.range?.[0], (pair?.value as YAMLMap | undefined)?.range?.[2]];
  if (from === undefined || to === undefined) return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${rendered}`;
  const after = text.slice(to);
  return text.slice(0, from) + (after.startsWith('\n') ? rendered.slice(0, -1) : rendered) + after;
}

/** A variant name as a quoted key: "on" and "off" read as booleans in YAML 1.1 tools. */
function quoted(variant: string): Scalar {
  const key = new Scalar(variant);
  key.type = Scalar.QUOTE_DOUBLE;
  return key;
}

/** One expectation per line, as scenario files write them. */
function flowList(doc: Document, expectations: readonly Expectation[]): YAMLSeq {
  const list = new YAMLSeq();
  for (const expectation of expectations) {
    const node = doc.createNode(expectation) as YAMLMap;
    node.flow = true;
    // Times quoted: YAML 1.1 tools read a plain 12:30 as a number (sexagesimal 750).
    const alternatives = node.get('alternatives', true);
    if (alternatives instanceof YAMLSeq) for (const time of alternatives.items as Scalar[]) time.type = Scalar.QUOTE_DOUBLE;
    list.items.push(node);
  }
  return list;
}

