import { InputError, quote } from '../inputError.ts';
import type { LedgerBooking } from '../calcom/fakeCalcom.ts';
import type { StepReport } from '../metrics/stepReport.ts';
import type { ScenarioRun } from '../scenario/runScenario.ts';
import type { StepExpectation } from '../scenario/scenario.ts';

/** A property broken by a run: which steps show it, and the expectations that pin it down. */
export interface Violation {
  readonly property: string;
  readonly message: string;
  /** Expectations that hold while the violation is there (written into the found scenario). */
  readonly evidence: readonly StepExpectation[];
}

/** A named property of one run's history; `check` returns the first violation, or null. */
export interface Property {
  readonly name: string;
  check(run: ScenarioRun): Violation | null;
}

type PropertyFactory = (argument: number | undefined) => Property;

/** Where a stale "available" was heard: the direct answer, an offered alternative, or either (the headline). */
type StaleKind = 'direct' | 'alternatives' | 'any';

/** One "available" a caller heard for a slot that was already taken: the direct answer or an offered alternative. */
interface StaleHeard {
  readonly step: StepReport;
  readonly slotMs: number;
  readonly slot: string;
  readonly servedBy: string | null;
  readonly alternative: boolean;
}

function* staleHeard(run: ScenarioRun, kind: StaleKind): Generator<StaleHeard> {
  for (const record of run.outcome.records) {
    const step = run.report.steps.find((s) => s.index === record.index)!;
    if (kind !== 'alternatives' && step.stale) yield { step, slotMs: record.slotMs, slot: step.slot, servedBy: step.servedBy, alternative: false };
    if (kind === 'direct') continue;
    for (const [k, offered] of step.alternatives.entries()) {
      if (offered.stale) yield { step, slotMs: record.answer.alternatives[k].slotMs, slot: offered.slot, servedBy: offered.servedBy, alternative: true };
    }
  }
}

const noStaleAfter = (name: string, graceMs: number, kind: StaleKind = 'any'): Property => ({
  name,
  check: (run) => {
    for (const heard of staleHeard(run, kind)) {
      const { step } = heard;
      const record = run.outcome.records.find((r) => r.index === step.index)!;
      const taken = run.outcome.ledger.find((b) => b.eventTypeId === record.eventType && b.startMs === heard.slotMs);
      const lateBy = taken ? record.answeredAt - taken.acceptedAt : Infinity;
      if (lateBy <= graceMs) continue;
      const told = heard.alternative ? `was offered ${heard.slot} as an alternative` : `was told ${heard.slot} is free`;
      return {
        property: name,
        message: `step ${step.index} (${step.caller}) ${told} ${Number.isFinite(lateBy) ? `${lateBy} ms after Cal.com accepted its booking` : 'though it is not bookable'} (served by ${heard.servedBy})`,
        evidence: [heard.alternative ? { step: step.index, offersTaken: true } : { step: step.index, outcome: 'available', stale: true, servedBy: step.servedBy }],
      };
    }
    return null;
  },
});

/** No booking made through the agent is rejected for the given cause. */
const noConflictsCausedBy = (name: string, cause: 'stale-cache' | 'toctou'): Property => ({
  name,
  check: ({ report }) => {
    const step = report.steps.find((s) => s.action === 'create_booking' && s.outcome === 'conflict' && s.attribution === cause);
    return step
      ? {
          property: name,
          message: `step ${step.index} (${step.caller}) was rejected for ${step.slot}: ${cause}${step.staleLayer ? ` (${step.staleLayer})` : ''}`,
          evidence: [{ step: step.index, outcome: 'conflict', attribution: cause, staleLayer: step.staleLayer }],
        }
      : null;
  },
});

/** The first step misled by an answer about another slot than the one asked or heard (the code's UTC `H:i` matching). */
function wrongSlotViolation({ report }: ScenarioRun): Violation | null {
  for (const step of report.steps) {
    const at = `step ${step.index} (${step.caller})`;
    if (step.attribution === 'wrong-slot') {
      return { property: 'no-wrong-slot', message: `${at} was rejected for ${step.slot}: its "available" was about another slot`, evidence: [{ step: step.index, outcome: 'conflict', attribution: 'wrong-slot' }] };
    }
    if (step.readSlot && step.stale) {
      return { property: 'no-wrong-slot', message: `${at} was told ${step.slot} is free, which is taken: the code tested ${step.readSlot}`, evidence: [{ step: step.index, outcome: 'available', stale: true }] };
    }
    if (step.readSlot && step.outcome === 'unavailable' && step.truth === 'free') {
      return { property: 'no-wrong-slot', message: `${at} was told ${step.slot} is not free, which is free: the code tested ${step.readSlot}`, evidence: [{ step: step.index, outcome: 'unavailable', truth: 'free' }] };
    }
    const offered = step.alternatives.find((a) => a.readSlot && a.stale);
    if (offered) {
      return { property: 'no-wrong-slot', message: `${at} was offered ${offered.slot}, which is taken: the finder read ${offered.readSlot} and spoke its UTC time`, evidence: [{ step: step.index, offersTaken: true }] };
    }
  }
  return null;
}

export const propertyFactories: Readonly<Record<string, { readonly argument?: string; readonly summary: string; readonly make: PropertyFactory }>> = {
  'no-stale-available': {
    summary: 'no caller is told "available" for a slot that is taken at that instant, directly or as an offered alternative',
    make: () => noStaleAfter('no-stale-available', -1),
  },
  'no-stale-direct': {
    summary: 'no direct "available" answer for a slot that is taken at that instant',
    make: () => noStaleAfter('no-stale-direct', -1, 'direct'),
  },
  'no-stale-alternatives': {
    summary: 'no offered alternative is already taken at the instant it is offered',
    make: () => noStaleAfter('no-stale-alternatives', -1, 'alternatives'),
  },
  'no-stale-after': {
    argument: 'ms',
    summary: 'no stale "available" (direct or offered alternative) later than <ms> after the booking that took the slot was accepted',
    make: (ms) => noStaleAfter(`no-stale-after ${ms}`, ms!),
  },
  'conflicts-are-toctou': {
    summary: 'no rejected booking is caused by a stale cache, lagging upstream or an answer about another slot (toctou and unchecked bookings are allowed)',
    make: () => ({
      name: 'conflicts-are-toctou',
      check: ({ report }) => {
        // A caller who never heard "available" took a chance; that is not the caches' fault.
        // Bookings on Cal.com's own page do not go through the agent, so only the agent's bookings count.
        const step = report.steps.find(
          (s) => s.action === 'create_booking' && s.outcome === 'conflict' && (s.attribution === 'stale-cache' || s.attribution === 'upstream-lag' || s.attribution === 'wrong-slot'),
        );
        return step
          ? {
              property: 'conflicts-are-toctou',
              message: `step ${step.index} (${step.caller}) was rejected for ${step.slot}: ${step.attribution}${step.staleLayer ? ` (${step.staleLayer})` : ''}`,
              evidence: [{ step: step.index, outcome: 'conflict', attribution: step.attribution, staleLayer: step.staleLayer }],
            }
          : null;
      },
    }),
  },
  'no-wrong-slot': {
    summary: 'no caller is misled by an answer about another slot than the one asked or heard (a stale or false answer, a taken alternative, or a rejection)',
    make: () => ({ name: 'no-wrong-slot', check: wrongSlotViolation }),
  },
  'no-stale-cache-conflicts': {
    summary: 'no booking through the agent is rejected because a cache said "free" after the slot was taken',
    make: () => noConflictsCausedBy('no-stale-cache-conflicts', 'stale-cache'),
  },
  'no-toctou-conflicts': {
    summary: 'no booking through the agent is rejected because someone booked between its check and its booking',
    make: () => noConflictsCausedBy('no-toctou-conflicts', 'toctou'),
  },
  'no-double-booking': {
    summary: 'Cal.com never holds two bookings for one slot',
    make: () => ({
      name: 'no-double-booking',
      check: ({ report, outcome }) => {
        const holders = new Map<string, LedgerBooking>();
        for (const booking of outcome.ledger) {
          const key = `${booking.eventTypeId}@${booking.startMs}`;
          const holder = holders.get(key);
          // A booking cancelled on Cal.com's page before the next one was accepted no longer holds the slot.
          if (holder && !(holder.cancelled && holder.cancelled.order < booking.acceptedOrder)) {
            const steps = report.steps.filter((s) => s.outcome === 'booked' && outcome.ledger.some((b) => b.bookedBy === s.caller && `${b.eventTypeId}@${b.startMs}` === key));
            return {
              property: 'no-double-booking',
              message: `two bookings for one slot (${steps.map((s) => `${s.caller} at step ${s.index}`).join(', ')})`,
              evidence: steps.map((s) => ({ step: s.index, outcome: 'booked' as const })),
            };
          }
          holders.set(key, booking);
        }
        return null;
      },
    }),
  },
  'keys-forgotten-at-most': {
    argument: 'n',
    summary: 'at most <n> cache keys forgotten per accepted booking (the cost side of the fix)',
    make: (n) => ({
      name: `keys-forgotten-at-most ${n}`,
      check: ({ report, outcome }) => {
        const perBooking = report.metrics.keysForgotten / Math.max(1, outcome.ledger.length);
        return perBooking > n!
          ? { property: `keys-forgotten-at-most ${n}`, message: `${perBooking.toFixed(1)} keys forgotten per booking`, evidence: [] }
          : null;
      },
    }),
  },
};

/** Parses `--property`: a comma list of names, each with its argument after a space (`no-stale-after 1000`). */
export function parseProperties(text: string, option = '--property'): Property[] {
  return text.split(',').map((part) => {
    const [name, argument, ...rest] = part.trim().split(/\s+/);
    const factory = propertyFactories[name];
    if (!factory) throw new InputError(`${option}: unknown property ${quote(name)}; expected one of ${Object.keys(propertyFactories).join(', ')}`);
    if (factory.argument && (argument === undefined || !/^\d{1,9}$/.test(argument))) {
      throw new InputError(`${option}: ${name} takes a whole number <${factory.argument}> up to 999999999, e.g. "${name} 1000"`);
    }
    if ((!factory.argument && argument !== undefined) || rest.length) throw new InputError(`${option}: unexpected ${quote(part.trim())}`);
    return factory.make(argument === undefined ? undefined : Number(argument));
  });
}
