import fc from 'fast-check';
import { addLocal, calendarFor, type LocalTime } from '../core/zonedTime.ts';
import type { Scenario, Step } from '../scenario/scenario.ts';
import type { StepAction } from '../core/vocabulary.ts';
import { checkEndpoints, defaultWorld, type CheckEndpoint, type Service } from '../worldConfig.ts';

/**
 * The explorer's search space, generic on purpose: who calls, what, when, for which slot and tenant,
 * how slow Cal.com and the webhook are, which faults strike, which endpoint the code's check goes
 * through, and how same-millisecond ties break. Nothing here aims at a
 * known hole; shrinking moves toward fewer steps, fewer callers, earlier round times and zero delays,
 * and `widenTies` then gives steps shrunk onto one instant the shortest real gap that still shows the finding.
 */
export interface StepGene {
  /** Whole seconds after the start. */
  readonly offsetSeconds: number;
  readonly caller: number;
  readonly action: StepAction;
  /** Which of the scenario's few slots the step is about (callers contend for the same or nearby slots). */
  readonly slot: number;
  readonly service: number;
  /** Per-request Cal.com latency for this step, ms; null = the world's. */
  readonly latencyMs: number | null;
}

/** A cancellation on Cal.com's own page: when, of which of the scenario's slots, for which tenant's event type. */
export interface CancelGene {
  readonly offsetSeconds: number;
  readonly slot: number;
  readonly service: number;
}

/** A slot: days after the start date, local hour and half hour (hours outside 09–18 included). */
export interface SlotGene {
  readonly day: number;
  readonly hour: number;
  readonly half: boolean;
}

export interface FaultGenes {
  readonly webhookLossProbability: number;
  readonly webhookDuplicateProbability: number;
  readonly calcomErrorProbability: number;
  readonly layer2ForgetFailureProbability: number;
  readonly doubleBookingWindowMs: number;
}

export interface Genome {
  readonly tenants: number;
  readonly slots: readonly SlotGene[];
  readonly steps: readonly StepGene[];
  readonly latencyMs: number;
  readonly webhookDelayMs: number;
  /** Fault dimensions (world.faults): shrink toward none. */
  readonly faults: FaultGenes;
  /** The code profile's check endpoint (world.checkEndpoint; the seed profile ignores it): shrinks toward the default. */
  readonly checkEndpoint: CheckEndpoint;
  /** Seeds the tie-breaking strategy (random or PCT). */
  readonly scheduleSeed: number;
  /** Bookings cancelled on Cal.com's page (its webhook clears, or is refused): shrink toward none. */
  readonly cancels: readonly CancelGene[];
}

export const EXPLORE_TIMEZONE = 'Europe/Berlin';
/** Steps start within this many seconds of START (10:00), so before 10:07. */
const MAX_OFFSET_SECONDS = 400;
const START: LocalTime = { year: 2025, month: 10, day: 20, hour: 10, minute: 0, second: 0, ms: 0 };
const calendar = calendarFor(EXPLORE_TIMEZONE);

const NO_FAULTS: FaultGenes = {
  webhookLossProbability: 0,
  webhookDuplicateProbability: 0,
  calcomErrorProbability: 0,
  layer2ForgetFailureProbability: 0,
  doubleBookingWindowMs: 0,
};

/** Faults as explore dimensions (`--faults`): webhooks lost or doubled, Cal.com errors, a failing Layer 2 clear, no booking lock. */
const faultGenes: fc.Arbitrary<FaultGenes> = fc.record({
  webhookLossProbability: fc.constantFrom(0, 0.5, 1),
  webhookDuplicateProbability: fc.constantFrom(0, 1),
  calcomErrorProbability: fc.constantFrom(0, 0.2),
  layer2ForgetFailureProbability: fc.constantFrom(0, 0.5),
  doubleBookingWindowMs: fc.constantFrom(0, 1000),
});

export function genomeArbitrary(maxCallers: number, withFaults = false): fc.Arbitrary<Genome> {
  const step = fc.record({
    offsetSeconds: fc.integer({ min: 0, max: MAX_OFFSET_SECONDS }),
    caller: fc.integer({ min: 0, max: maxCallers - 1 }),
    action: fc.constantFrom<StepAction>('check_availability', 'create_booking', 'external_booking'),
    slot: fc.integer({ min: 0, max: 2 }),
    service: fc.integer({ min: 0, max: 2 }),
    latencyMs: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
  });
  const slot = fc.record({ day: fc.integer({ min: 0, max: 30 }), hour: fc.integer({ min: 7, max: 20 }), half: fc.boolean() });
  const base = fc.record({
    tenants: fc.integer({ min: 1, max: 3 }),
    slots: fc.array(slot, { minLength: 1, maxLength: 3 }),
    steps: fc.array(step, { minLength: 1, maxLength: 8 }),
    latencyMs: fc.integer({ min: 0, max: 1500 }),
    webhookDelayMs: fc.integer({ min: 0, max: 10_000 }),
    scheduleSeed: fc.integer({ min: 0, max: 1_000_000 }),
    // Last, so every other gene draws as it did before these existed.
    checkEndpoint: fc.constantFrom(...checkEndpoints),
    cancels: fc.array(fc.record({ offsetSeconds: fc.integer({ min: 0, max: MAX_OFFSET_SECONDS }), slot: fc.integer({ min: 0, max: 2 }), service: fc.integer({ min: 0, max: 2 }) }), { maxLength: 2 }),
  });
  // Without --faults the search space (and so every seed and path) is exactly the fault-free one.
  return withFaults ? fc.tuple(base, faultGenes).map(([g, faults]) => ({ ...g, faults })) : base.map((g) => ({ ...g, faults: NO_FAULTS }));
}

/** Tenants sharing event type 123, each a company with its own Cal.com team. */
function services(tenants: number): Service[] {
  return Array.from({ length: tenants }, (_, i) => ({ company: i + 1, branch: 0, team: i + 1, eventType: 123 }));
}

/** Cancellations come from Cal.com's own page, not from one of the agent's callers. */
const CANCELLING_CALLER = -1;
const callerName = (i: number) => (i === CANCELLING_CALLER ? 'page' : String.fromCharCode(65 + i));
/** The hour of the last generated step (START + MAX_OFFSET_SECONDS). */
const LAST_STEP_HOUR = 10;
/** A slot never lies in the past of the steps that ask for it: start-day hours up to 10 move to the next day. */
const slotOf = (g: SlotGene): LocalTime => {
  const day = g.day === 0 && g.hour <= LAST_STEP_HOUR ? 1 : g.day;
  return { ...addLocal(START, day), hour: g.hour, minute: g.half ? 30 : 0, second: 0, ms: 0 };
};

export function genomeToScenario(genome: Genome, name: string): Scenario {
  const startMs = calendar.toUtc(START);
  const cancels = genome.cancels.map((c): StepGene => ({ ...c, caller: CANCELLING_CALLER, action: 'external_cancel', latencyMs: null }));
  const ordered = [...genome.steps, ...cancels].sort((a, b) => a.offsetSeconds - b.offsetSeconds);
  const steps = ordered.map(
    (g, index): Step => ({
      index,
      atMs: startMs + g.offsetSeconds * 1000,
      caller: callerName(g.caller),
      action: g.action,
      slot: slotOf(genome.slots[g.slot % genome.slots.length]),
      service: g.service % genome.tenants,
      ...(g.latencyMs === null ? {} : { calcomLatencyMs: g.latencyMs }),
    }),
  );
  return {
    name,
    file: `${name}.yaml`,
    timezone: EXPLORE_TIMEZONE,
    startMs,
    world: {
      ...defaultWorld,
      services: services(genome.tenants),
      calcom: { ...defaultWorld.calcom, latencyMs: genome.latencyMs },
      webhooks: { ...defaultWorld.webhooks, delayMs: genome.webhookDelayMs },
      faults: { ...defaultWorld.faults, ...genome.faults },
      checkEndpoint: genome.checkEndpoint,
    },
    steps,
    expect: {},
  };
}

/** Gaps tried, shortest first, when a step is moved off the instant of the step before it. */
const GAP_LADDER_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/**
 * Shrinking pulls step times together (whole seconds toward 0), so a hole that needs one caller after
 * another reads as a tie. Each step at the instant of the step before it is moved to the shortest gap of
 * GAP_LADDER_MS after which the scenario still `shows` the finding, the steps after it moving with it; a
 * step that no gap keeps the finding for stays at that instant: the finding needs the tie.
 */
export function widenTies(scenario: Scenario, shows: (candidate: Scenario) => boolean): Scenario {
  let current = scenario;
  for (let i = 1; i < current.steps.length; i++) {
    if (current.steps[i].atMs !== current.steps[i - 1].atMs) continue;
    const shifted = (gapMs: number): Scenario => ({ ...current, steps: current.steps.map((s, j) => (j >= i ? { ...s, atMs: s.atMs + gapMs } : s)) });
    current = GAP_LADDER_MS.map(shifted).find(shows) ?? current;
  }
  return current;
}

/** Size of a scenario for "shrunk to": distinct callers and steps. */
export function scenarioSize(scenario: Scenario): { callers: number; steps: number } {
  return { callers: new Set(scenario.steps.map((s) => s.caller)).size, steps: scenario.steps.length };
}
