import type { Process } from '../core/simulation.ts';
import { isoUtc, ymdHis } from '../core/zonedTime.ts';
import type { WebhookPayload } from '../calcom/shapes.ts';
import type { Answer, BookingSystem, CallRequest } from '../systems/bookingSystem.ts';
import type { SystemEnvironment, SystemPlugin } from '../systems/systemPlugin.ts';
import type { Service, WorldConfig } from '../worldConfig.ts';
import type { StepPlan, Unit } from './stepPlan.ts';
import { callUnit, type UnitResult, type UnitWorld } from './unitCall.ts';
import type { PhpWorker } from './phpWorker.ts';

/** What the code run needs beyond the world: the model's plans, and a worker per process. */
export interface CodeRun {
  /** The model's plan of each process by label; a caller's steps are taken in order (`A#0`, `A#3`, …). */
  readonly plans: ReadonlyMap<string, StepPlan>;
  /** The worker of a caller (or of a webhook's process), started on first use. */
  workerFor(process: string): PhpWorker;
}

/**
 * The application's own code as a system racesim runs: the harness's world (scheduler, store, fake
 * Cal.com, webhooks, history) around PHP workers instead of the model. A step runs the units the
 * model's step ran (`stepPlan.ts`), each in the caller's worker; the handler's glue between them (the
 * slot tested in a read, book when it is listed, the finder when not) is the model's, since the
 * controllers are not driven. `model` lends its layers and key names so the history reads the same.
 */
export function codeSystem(model: SystemPlugin, run: CodeRun): SystemPlugin {
  return {
    name: `${model.name}-code`,
    summary: 'The application\'s own PHP classes, driven by racesim conform',
    profiles: model.profiles,
    variants: model.variants,
    layers: (world, variant) => model.layers(world, variant),
    classifyKey: model.classifyKey,
    keyKind: model.keyKind,
    // Values are the driver's serialized PHP: the staleness readers cannot read them.
    entries: { freeSlots: () => null, isGenerationKey: model.entries.isGenerationKey, isVersionedKey: model.entries.isVersionedKey },
    build: (env) => ({
      app: new CodeApp(env, run),
      stats: () => ({ hits: {}, misses: {}, keysForgotten: 0, invalidations: 0 }),
    }),
  };
}

/** The scenario's services as the stub `Service` model's rows. */
function serviceRows(config: WorldConfig): object[] {
  return config.services.map((s) => ({ calcom_event_type_id: s.eventType, calcom_team_id: s.team, company_id: s.company, branch_id: s.branch }));
}

/** What one step's units found: the last Layer 1 read's slots, the finder's offers, the first exception and its HTTP status. */
interface StepFindings {
  slots: readonly number[] | null;
  offered: readonly number[];
  thrown: string | null;
  status: number | null;
}

class CodeApp implements BookingSystem {
  /** Each caller's plans, in the order its steps run. */
  private readonly queues = new Map<string, StepPlan[]>();

  constructor(
    private readonly env: SystemEnvironment,
    private readonly run: CodeRun,
  ) {
    const labels = [...run.plans.keys()].filter((label) => !label.startsWith('webhook:'));
    labels.sort((a, b) => Number(a.split('#')[1]) - Number(b.split('#')[1]));
    for (const label of labels) {
      const caller = label.split('#')[0];
      this.queues.set(caller, [...(this.queues.get(caller) ?? []), run.plans.get(label)!]);
    }
  }

  *checkAvailability(request: CallRequest): Process<Answer> {
    const plan = this.nextPlan(request.caller);
    const found = yield* this.runUnits(request, request.caller, plan.units.filter((u) => u.unit !== 'book'));
    if (found.thrown !== null) return errorAnswer();
    const listed = found.slots?.includes(plan.testedMs) ?? false;
    return { outcome: listed ? 'available' : 'unavailable', servedBy: null, alternatives: offers(found) };
  }

  /** The booking step: the model's reads first; when the tested slot is listed, the booking POST; else the finder. */
  *createBooking(request: CallRequest): Process<Answer> {
    const plan = this.nextPlan(request.caller);
    if (plan.units.length === 0) {
      // The model's handler answered by itself (its own appointments' pre-check): nothing here to drive.
      this.env.note(HANDLER_ONLY);
      return errorAnswer();
    }
    const reads = plan.units.filter((u) => u.unit === 'slots');
    const found = yield* this.runUnits(request, request.caller, reads);
    if (found.thrown !== null) return errorAnswer();
    if (reads.length > 0 && !found.slots?.includes(plan.testedMs)) {
      const after = yield* this.runUnits(request, request.caller, plan.units.filter((u) => u.unit === 'finder'));
      return { outcome: 'unavailable', servedBy: null, alternatives: offers(after) };
    }
    const booked = yield* this.runUnits(request, request.caller, [{ unit: 'book' }], bookArgs(plan, request, this.env.calendar.timeZone));
    if (booked.thrown === null) return { outcome: 'booked', servedBy: null, alternatives: [], httpStatus: 201 };
    if (booked.status !== 400 && booked.status !== 409) return errorAnswer();
    // A reply that offers alternatives after a refused booking runs the finder the model ran after it.
    const after = yield* this.runUnits(request, request.caller, plan.units.slice(plan.units.findIndex((u) => u.unit === 'book')).filter((u) => u.unit === 'finder'));
    return { outcome: 'conflict', servedBy: null, alternatives: offers(after), httpStatus: booked.status };
  }

  *cancelBooking(request: CallRequest): Process<Answer> {
    this.nextPlan(request.caller);
    const cancelled = this.env.calcom.cancel(request.service.eventType, request.slotMs);
    return cancelled ? { outcome: 'cancelled', servedBy: null, alternatives: [], httpStatus: 200 } : errorAnswer();
  }

  /** The agent's reschedule: the model's reads; when the target is listed, the move at Cal.com (the model's); else the finder. */
  *rescheduleBooking(request: CallRequest): Process<Answer> {
    const plan = this.nextPlan(request.caller);
    const found = yield* this.runUnits(request, request.caller, plan.units.filter((u) => u.unit === 'slots'));
    if (found.thrown !== null) return errorAnswer();
    if (!found.slots?.includes(plan.testedMs)) {
      const after = yield* this.runUnits(request, request.caller, plan.units.filter((u) => u.unit === 'finder'));
      return { outcome: 'unavailable', servedBy: null, alternatives: offers(after) };
    }
    const { eventType } = request.service;
    const reply = yield* this.env.network.roundTrip(() => this.env.calcom.reschedule(eventType, request.movesFromMs ?? request.slotMs, request.slotMs), request.latencyMs);
    if (!reply.ok || reply.value === 'not-found') return errorAnswer();
    if (reply.value === 'taken') return { outcome: 'conflict', servedBy: null, alternatives: [], httpStatus: this.env.config.calcom.conflictStatus };
    return { outcome: 'booked', servedBy: null, alternatives: [], httpStatus: 200 };
  }

  /** A webhook: the clear the model's handler ran for it, if it ran one. */
  *receiveWebhook(payload: WebhookPayload): Process<void> {
    const label = this.webhookLabel(payload);
    const plan = this.run.plans.get(label);
    if (!plan) return;
    const service = this.env.config.services.find((s) => s.eventType === payload.payload.eventTypeId) ?? this.env.config.services[0];
    yield* this.runUnits({ service, slot: this.env.calendar.toLocal(this.env.clock.now), latencyMs: undefined }, label, plan.units);
  }

  describe(answer: Answer): string {
    return answer.outcome;
  }

  private nextPlan(caller: string): StepPlan {
    return this.queues.get(caller)?.shift() ?? { units: [], testedMs: Number.NaN };
  }

  private webhookLabel(payload: WebhookPayload): string {
    const trigger = payload.triggerEvent.replace(/^BOOKING[._]/, '').toLowerCase();
    return `webhook:${payload.payload.uid}${trigger === 'created' ? '' : `:${trigger}`}`;
  }

  /** Runs `units` in order on the process's worker; stops at the first exception. */
  private *runUnits(request: Pick<CallRequest, 'service' | 'slot' | 'latencyMs'>, process: string, units: readonly Unit[], bookArgs?: object): Process<StepFindings> {
    const found: StepFindings = { slots: null, offered: [], thrown: null, status: null };
    const { store, calcom, network, clock } = this.env;
    const world: UnitWorld = { store, calcom, network, clock, caller: process, latencyMs: request.latencyMs };
    for (const unit of units) {
      const args = unit.unit === 'book' ? bookArgs : argsOf(unit, request);
      if (args === undefined) continue;
      const result: UnitResult = yield* callUnit(this.run.workerFor(process), world, unit.unit, args, serviceRows(this.env.config));
      if (!result.ok) {
        found.thrown = result.thrown;
        found.status = result.status;
        this.env.note(`${THROWN} ${result.thrown}`);
        return found;
      }
      if (unit.unit === 'slots') found.slots = result.value.slots as number[];
      if (unit.unit === 'finder') found.offered = result.value.offered as number[];
    }
    return found;
  }
}

/** A unit's arguments as the driver takes them; the step's service fills in what the plan leaves open. */
function argsOf(unit: Unit, request: Pick<CallRequest, 'service' | 'slot'>): object | undefined {
  const { service } = request;
  switch (unit.unit) {
    case 'slots':
      return { eventType: Number.isNaN(unit.eventType) ? service.eventType : unit.eventType, start: unit.start, end: unit.end, team: unit.team };
    case 'finder':
      return { eventType: unit.eventType, desired: ymdHis(request.slot), duration: 30, ...tenantOf(service, unit.tenant) };
    case 'clear':
      return { eventType: unit.eventType, team: unit.webhook ? null : service.team };
    case 'book':
      return undefined;
  }
}

/**
 * `createBooking`'s details as the handler passes them: the slot, the callers' zone, and the service's
 * team only where the model's step cleared after booking (the service clears when given a team).
 */
function bookArgs(plan: StepPlan, request: CallRequest, timeZone: string): object {
  const clears = plan.units.some((u) => u.unit === 'clear');
  return { eventType: request.service.eventType, start: isoUtc(request.slotMs), timeZone, team: clears ? request.service.team : null };
}

/** `setTenantContext(company, branch)` as the function-call handler calls it: the call's branch when it has one. */
function tenantOf(service: Service, tenant: boolean): { company: number | null; branch: string | null } {
  if (!tenant || service.company === null) return { company: null, branch: null };
  const branch = service.callBranch !== undefined ? service.callBranch : service.branch;
  return { company: Number(service.company), branch: branch === null ? null : String(branch) };
}

/** The note a unit's exception leaves in the code run's history; the comparison shows it with the answer. */
export const THROWN = 'conform.thrown';
/** The note of a step whose model answered without calling any unit the driver drives. */
export const HANDLER_ONLY = 'conform.handler-only';

const offers = (found: StepFindings) => found.offered.map((slotMs) => ({ slotMs, servedBy: 'layer2' }));
const errorAnswer = (): Answer => ({ outcome: 'error', servedBy: null, alternatives: [] });
