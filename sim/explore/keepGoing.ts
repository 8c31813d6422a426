import { fastCheckSeed } from './fastCheckSeed.ts';
import fc from 'fast-check';
import { wilson, type Rate } from '../metrics/measurement.ts';
import type { HistoryEvent } from '../core/history.ts';
import type { CallRecord } from '../metrics/history.ts';
import { runScenario, type ScenarioRun } from '../scenario/runScenario.ts';
import { defaultSystem } from '../systems/registry.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { genomeArbitrary, type Genome } from './arbitraries.ts';
import { findingOf, runGenome, type ExploreOptions, type Finding } from './explorer.ts';
import type { Violation } from './properties.ts';

/**
 * `explore --keep-going`: run every generated scenario instead of stopping at the first violation, group
 * the violations by what they are (property, cause, layer), shrink one example per group, and say which
 * groups are holes already written down under scenarios/found/.
 */
export interface KeepGoingOptions extends ExploreOptions {
  /** Causes no cache fix can prevent (toctou, upstream-lag): violations with them are not counted. */
  readonly excludeCauses: readonly string[];
  /** Scenarios of holes already known, with the file each came from. */
  readonly known: readonly { readonly file: string; readonly scenario: Scenario }[];
}

export interface ViolationGroup {
  /** `property · cause · layer · key kind · taker`, e.g. `no-stale-available · stale · layer2 · hour · taken by the agent`. */
  readonly signature: string;
  /** Generated runs with a violation of this signature (a run can hit several groups). */
  readonly hits: number;
  /** hits / runs with its 95 % Wilson interval. */
  readonly rate: Rate;
  /** The lowest run index that hit it (fast-check path of the unshrunk example). */
  readonly firstRun: number;
  readonly example: Finding;
  /** The scenarios/found/ file that shows the same signature, or null for a new hole. */
  readonly knownAs: string | null;
}

export interface KeepGoingResult {
  readonly runs: number;
  readonly groups: readonly ViolationGroup[];
}

/**
 * What a violation is, independent of the scenario that shows it: the property, the cause, the layer,
 * the kind of key that misled (a day, an hour, a finder's window), and who took the slot (an agent
 * booking is cleared by the fix; a booking on Cal.com's page only by its webhook).
 */
export function violationSignature(violation: Violation, run: ScenarioRun): string {
  const evidence = violation.evidence[0];
  const property = violation.property.split(' ')[0];
  const record = run.outcome.records.find((r) => r.index === evidence?.step);
  if (evidence?.offersTaken && record) {
    // A stale offered alternative: its layer and who took it are the alternative's, not the asked slot's.
    const step = run.report.steps.find((s) => s.index === evidence.step)!;
    const k = step.alternatives.findIndex((a) => a.stale);
    const offered = record.answer.alternatives[k];
    const layer = offered?.servedBy ?? '-';
    return `${property} · stale alternative · ${layer} · ${keyKindRead(run, record, layer)} · ${takerOf(record.eventType, offered?.slotMs, run)}`;
  }
  const cause = evidence?.attribution ?? (evidence?.stale ? 'stale' : '-');
  const layer = evidence?.staleLayer ?? evidence?.servedBy ?? '-';
  return `${property} · ${cause} · ${layer} · ${keyKindRead(run, record, layer)} · ${takerOf(record?.eventType, record?.slotMs, run)}`;
}

/** The kind of the last key on `layer` the caller read a hit from, up to this call (the entry that misled). */
function keyKindRead(run: ScenarioRun, record: CallRecord | undefined, layer: string): string {
  if (!record) return '-';
  const answered = run.events.find((e) => e.kind === 'call.answered' && e.step === record.index);
  const hits = run.events.filter(
    (e): e is Extract<HistoryEvent, { kind: 'cache.get' }> =>
      e.kind === 'cache.get' && e.hit && e.by.startsWith(`${record.caller}#`) && (answered === undefined || e.id < answered.id) && defaultSystem.classifyKey?.(e.key) === layer,
  );
  const key = hits.at(-1)?.key;
  return (key && defaultSystem.keyKind?.(key)) ?? '-';
}

function takerOf(eventType: number | undefined, slotMs: number | undefined, { report, outcome }: ScenarioRun): string {
  if (eventType === undefined || slotMs === undefined) return '-';
  const booking = outcome.ledger.find((b) => b.eventTypeId === eventType && b.startMs === slotMs);
  if (!booking) return 'not taken';
  const external = report.steps.some((s) => s.caller === booking.bookedBy && s.action === 'external_booking');
  return external ? "taken on Cal.com's page" : 'taken by the agent';
}

/** One signature per property the run violates, without the excluded causes. */
function signaturesOf(run: ScenarioRun, options: KeepGoingOptions): string[] {
  const signatures: string[] = [];
  for (const property of options.properties) {
    const violation = property.check(run);
    if (!violation) continue;
    const cause = violation.evidence[0]?.attribution;
    if (cause && options.excludeCauses.includes(cause)) continue;
    signatures.push(violationSignature(violation, run));
  }
  return signatures;
}

export function exploreKeepGoing(options: KeepGoingOptions): KeepGoingResult {
  const arbitrary = genomeArbitrary(options.maxCallers, options.faults);
  // fc.sample draws the same values, in the same order, as fc.check's runs: run i replays with path "i".
  const genomes = fc.sample(arbitrary, { seed: fastCheckSeed(options.seed), numRuns: options.runs });
  const hits = new Map<string, { count: number; firstRun: number; genome: Genome }>();
  genomes.forEach((genome, run) => {
    for (const signature of signaturesOf(runGenome(genome, options).run, options)) {
      const group = hits.get(signature);
      if (group) group.count++;
      else hits.set(signature, { count: 1, firstRun: run, genome });
    }
  });
  const known = knownSignatures(options);
  const groups = [...hits.entries()]
    .sort((a, b) => b[1].count - a[1].count || a[1].firstRun - b[1].firstRun)
    .map(([signature, hit]): ViolationGroup => ({
      signature,
      hits: hit.count,
      rate: wilson(hit.count, genomes.length),
      firstRun: hit.firstRun,
      example: shrinkWithin(signature, hit, options),
      knownAs: known.get(signature) ?? null,
    }));
  return { runs: genomes.length, groups };
}

/** Shrinks the group's first example while it keeps the group's signature, so the example stays in its group. */
function shrinkWithin(signature: string, hit: { firstRun: number; genome: Genome }, options: KeepGoingOptions): Finding {
  const keepsSignature = (genome: Genome) => signaturesOf(runGenome(genome, options).run, options).includes(signature);
  const details = fc.check(
    fc.property(genomeArbitrary(options.maxCallers, options.faults), (genome) => !keepsSignature(genome)),
    { seed: fastCheckSeed(options.seed), path: String(hit.firstRun), numRuns: 1, endOnFailure: false },
  );
  const genome = details.failed && details.counterexample ? details.counterexample[0] : hit.genome;
  const name = `${signature.replace(/ · /g, '-').replace(/[^a-z0-9-]+/gi, '-')}-${options.fix}-seed${options.seed}`;
  const search = { counterexamplePath: details.counterexamplePath ?? String(hit.firstRun), numRuns: hit.firstRun + 1, numShrinks: details.numShrinks };
  const properties = options.properties.filter((p) => signature.startsWith(`${p.name.split(' ')[0]} `));
  return findingOf(genome, { ...options, properties }, name, search, ({ run }) => signaturesOf(run, options).includes(signature));
}

/** The signature each known scenario shows under the explored variant, by signature. */
function knownSignatures(options: KeepGoingOptions): Map<string, string> {
  const bySignature = new Map<string, string>();
  for (const { file, scenario } of options.known) {
    const run = runScenario(scenario, { fix: options.fix, profile: options.profile, seed: 1, system: options.system?.plugin });
    for (const signature of signaturesOf(run, options)) if (!bySignature.has(signature)) bySignature.set(signature, file);
  }
  return bySignature;
}
