/**
 * The simulated world, wired in one place: virtual clock and scheduler, seeded streams, the cache
 * store, the fake Cal.com and the network to it, the system under test, and the history of calls.
 * Every knob is in WorldConfig (worldConfig.ts); checkers read the history afterwards (sim/metrics/).
 */
import { RandomStreams } from './core/random.ts';
import { Simulation, type Process } from './core/simulation.ts';
import { fifoSelector, type TaskSelector } from './core/taskSelector.ts';
import { RecordingTrace, disabledTrace, type Trace } from './core/trace.ts';
import { calendarFor, isoUtc, ymdHis, type LocalTime, type ZonedCalendar } from './core/zonedTime.ts';
import { CalcomNetwork } from './calcom/calcomNetwork.ts';
import { FakeCalcom, type LedgerBooking } from './calcom/fakeCalcom.ts';
import type { WebhookTrigger } from './calcom/shapes.ts';
import type { CallRecord } from './metrics/history.ts';
import type { BookingFunction, StepAction } from './core/vocabulary.ts';
import type { CacheStore } from './stores/cacheStore.ts';
import { MemoryStore } from './stores/memoryStore.ts';
import { ObservedStore, type StoreObserver } from './stores/observedStore.ts';
import { HistoryRecorder } from './historyRecorder.ts';
import { defaultSystem, type ProfileName, type VariantName } from './systems/registry.ts';
import type { BuiltSystem, SystemPlugin, SystemStats } from './systems/systemPlugin.ts';
import type { Answer, BookingSystem } from './systems/bookingSystem.ts';
import type { WorldConfig } from './worldConfig.ts';

export interface WorldOptions {
  readonly config: WorldConfig;
  /** The callers' IANA time zone. */
  readonly timezone: string;
  /** Virtual time at which the clock starts, ms since the epoch (UTC). */
  readonly startMs: number;
  /** The system under test; default the registry's default (askproai). */
  readonly system?: SystemPlugin;
  readonly profile: ProfileName;
  readonly variant: VariantName;
  /** Seeds every random stream of the run. */
  readonly seed: number;
  /** Builds the store on the world's clock; default the in-memory store (ioredis-mock needs runAsync). */
  readonly makeStore?: (now: () => number) => CacheStore;
  /** Who wins ties at the same millisecond; default FIFO. */
  readonly selector?: TaskSelector;
  /** Exhaustive exploration: events within one window of this many ms are ties (see Simulation). */
  readonly tieWindowMs?: number;
  /** Keep a full trace (for run/replay); off for Monte Carlo runs. */
  readonly trace?: boolean;
  /** Extra observers of every cache operation (e.g. the staleness recorder of measurements). */
  readonly storeObservers?: readonly StoreObserver[];
}

/** One call a caller makes. */
export interface CallSpec {
  readonly index: number;
  readonly caller: string;
  readonly action: StepAction;
  readonly service: number;
  readonly slot: LocalTime;
  /** For reschedule_booking and external_reschedule: the slot the booking moves to. */
  readonly to?: LocalTime;
  readonly latencyMs?: number;
  /** For create_booking: the app function it goes through (a scenario step's `via:`). */
  readonly via?: BookingFunction;
  /**
   * For create_booking: when the caller's last check of this slot said "unavailable" with alternatives,
   * the caller accepts the first alternative and books that instead (as callers do when offered one).
   */
  readonly takeAlternative?: boolean;
}

export interface WorldOutcome {
  readonly records: readonly CallRecord[];
  readonly ledger: readonly LedgerBooking[];
  readonly stats: SystemStats;
  readonly calcomRequests: number;
  /** Cache keys alive when the run ended, sorted. */
  readonly liveKeys: readonly string[];
  /** The full trace, when the run kept one. */
  readonly trace?: RecordingTrace;
}

export class World {
  readonly sim: Simulation;
  readonly streams: RandomStreams;
  readonly calendar: ZonedCalendar;
  readonly calcom: FakeCalcom;
  readonly records: CallRecord[] = [];
  /** Each caller's last availability answer per slot: what a caller remembers when deciding to book. */
  private readonly lastHeard = new Map<string, Answer>();
  private readonly trace: Trace;
  /** The typed history's recorder; only when the run keeps a trace (its maps would be garbage in every Monte Carlo run). */
  private readonly history: HistoryRecorder | null;
  private readonly store: CacheStore;
  private readonly network: CalcomNetwork;
  private readonly built: BuiltSystem;
  readonly system: BookingSystem;

  constructor(readonly options: WorldOptions) {
    const { config } = options;
    this.sim = new Simulation(options.startMs, options.selector ?? fifoSelector, options.tieWindowMs);
    this.streams = new RandomStreams(options.seed);
    this.trace = options.trace ? new RecordingTrace() : disabledTrace;
    this.calendar = calendarFor(options.timezone);
    const now = () => this.sim.now;
    const rawStore = options.makeStore ? options.makeStore(now) : new MemoryStore(now);
    const observers = [...(options.storeObservers ?? [])];
    this.history = this.trace.enabled ? new HistoryRecorder(this.trace, this.sim) : null;
    if (this.history) observers.unshift(this.history.observer);
    this.store = observers.length ? new ObservedStore(rawStore, observers) : rawStore;
    this.calcom = new FakeCalcom(config, this.calendar, this.sim, (booking, trigger, replaced) => this.sendWebhook(booking, trigger, replaced));
    if (this.history) this.calcom.onRead = (eventType, fromMs, toMs) => this.history?.calcomRead(eventType, fromMs, toMs);
    this.network = new CalcomNetwork(config.calcom.latencyMs, config.faults, this.streams.stream('latency'), this.streams.stream('faults.calcom'), this.sim);
    this.built = (options.system ?? defaultSystem).build({
      config,
      profile: options.profile,
      variant: options.variant,
      clock: this.sim,
      spawn: (at, label, process) => this.sim.spawn(at, label, process),
      store: this.store,
      calcom: this.calcom,
      network: this.network,
      streams: this.streams,
      calendar: this.calendar,
      tracing: this.trace.enabled,
      note: (line) => this.note(line),
      deferredBooking: (event) => this.history?.deferredBooking(event),
    });
    this.system = this.built.app;
  }

  /** Starts a call at virtual time `at`; its answer lands in the history. */
  spawnCall(at: number, call: CallSpec, then?: (answer: Answer) => void): void {
    this.sim.spawn(at, `${call.caller}#${call.index}`, this.call(call, then));
  }

  /** A caller's call as a process: invoke, let the system (or Cal.com's page) answer, record. */
  *call(call: CallSpec, then?: (answer: Answer) => void): Process<Answer> {
    const service = this.options.config.services[call.service];
    const requestedMs = this.calendar.toUtc(call.slot);
    const alternative =
      call.takeAlternative && call.action === 'create_booking' ? this.lastHeard.get(heardKeyOf(call.caller, service.eventType, requestedMs))?.alternatives[0] : undefined;
    // The agent's reschedule answers about the slot the booking moves to; the named slot is the booking's.
    const movesTo = call.action === 'reschedule_booking' ? call.to : undefined;
    const slotMs = movesTo ? this.calendar.toUtc(movesTo) : (alternative?.slotMs ?? requestedMs);
    const slot = movesTo ?? (alternative ? this.calendar.toLocal(slotMs) : call.slot);
    const invokedAt = this.sim.now;
    const invokedOrder = this.sim.order();
    this.history?.call('call.invoked', call.index, `invoke ${call.action} slot=${ymdHis(slot)} service=${call.service}${alternative ? ' (alternative)' : ''}`);
    const request = { caller: call.caller, service, slot, slotMs, latencyMs: call.latencyMs, movesFromMs: movesTo ? requestedMs : null, via: call.via };
    let answer: Answer;
    if (call.action === 'check_availability') answer = yield* this.system.checkAvailability(request);
    else if (call.action === 'create_booking') answer = yield* this.system.createBooking(request);
    else if (call.action === 'cancel_booking') answer = yield* this.system.cancelBooking(request);
    else if (call.action === 'reschedule_booking') answer = yield* this.system.rescheduleBooking(request);
    else if (call.action === 'external_booking') answer = this.bookOnCalcomPage(service.eventType, slotMs, call.caller);
    else if (call.action === 'external_cancel') answer = this.cancelOnCalcomPage(service.eventType, slotMs);
    else answer = this.rescheduleOnCalcomPage(service.eventType, slotMs, this.calendar.toUtc(call.to ?? call.slot));
    this.history?.call('call.answered', call.index, `answer ${describeAnswer(answer)}`);
    if (call.action === 'check_availability') this.lastHeard.set(heardKeyOf(call.caller, service.eventType, requestedMs), answer);
    this.records.push({
      index: call.index,
      caller: call.caller,
      action: call.action,
      eventType: service.eventType,
      service: call.service,
      slotMs,
      alternativeFor: alternative ? requestedMs : null,
      movedFrom: movesTo ? requestedMs : null,
      invokedAt,
      invokedOrder,
      answeredAt: this.sim.now,
      answeredOrder: this.sim.order(),
      answer,
    });
    then?.(answer);
    return answer;
  }

  run(): WorldOutcome {
    this.sim.run();
    // A store that answers at once is read now, without one more process and event per run.
    const immediate = this.store.immediate;
    if (immediate) this.liveKeys = immediate.liveKeysNow();
    else {
      this.sim.spawn(this.sim.now, 'end', this.collectLiveKeys());
      this.sim.run();
    }
    return this.outcome();
  }

  async runAsync(): Promise<WorldOutcome> {
    await this.sim.runAsync();
    this.sim.spawn(this.sim.now, 'end', this.collectLiveKeys());
    await this.sim.runAsync();
    return this.outcome();
  }

  private liveKeys: readonly string[] = [];

  private *collectLiveKeys(): Process<void> {
    this.liveKeys = yield* this.store.liveKeys();
  }

  private outcome(): WorldOutcome {
    return {
      records: this.records,
      ledger: this.calcom.ledger,
      stats: this.built.stats(),
      calcomRequests: this.network.requests,
      liveKeys: this.liveKeys,
      trace: this.trace instanceof RecordingTrace ? this.trace : undefined,
    };
  }

  /** A booking made on Cal.com's own page: Cal.com accepts or rejects at once; only the webhook tells the app. */
  private bookOnCalcomPage(eventTypeId: number, startMs: number, caller: string): Answer {
    const response = this.calcom.book({ eventTypeId, startMs, bookedBy: caller });
    return {
      outcome: response.httpStatus === 201 ? 'booked' : 'conflict',
      servedBy: null,
      alternatives: [],
      httpStatus: response.httpStatus,
    };
  }

  /**
   * A cancellation on Cal.com's page: Cal.com frees the slot at once and sends `BOOKING_CANCELLED`
   * (dotted under `eventNameStyle: dotted`); a slot no booking holds is Cal.com's 404.
   */
  private cancelOnCalcomPage(eventTypeId: number, startMs: number): Answer {
    // Cal.com records it and sends BOOKING_CANCELLED (sendWebhook).
    if (!this.calcom.cancel(eventTypeId, startMs)) return { outcome: 'error', servedBy: null, alternatives: [], httpStatus: 404 };
    return { outcome: 'cancelled', servedBy: null, alternatives: [], httpStatus: 200 };
  }

  /**
   * A reschedule on Cal.com's page: the booking moves to `to` under a new uid, the old slot is freed, and
   * Cal.com sends `BOOKING_RESCHEDULED` for the new booking; a slot no booking holds, or a taken `to`, fails.
   */
  private rescheduleOnCalcomPage(eventTypeId: number, fromMs: number, toMs: number): Answer {
    // Cal.com records the move and sends BOOKING_RESCHEDULED (sendWebhook).
    const moved = this.calcom.reschedule(eventTypeId, fromMs, toMs);
    if (moved === 'not-found') return { outcome: 'error', servedBy: null, alternatives: [], httpStatus: 404 };
    if (moved === 'taken') return { outcome: 'conflict', servedBy: null, alternatives: [], httpStatus: this.options.config.calcom.conflictStatus };
    return { outcome: 'booked', servedBy: null, alternatives: [], httpStatus: 200 };
  }

  /** Cal.com accepted, cancelled or moved a booking: the history notes it and Cal.com's webhook goes out. */
  private sendWebhook(booking: LedgerBooking, trigger: WebhookTrigger, replaced?: LedgerBooking): void {
    if (trigger === 'cancelled') this.history?.cancelled(booking.uid);
    else this.history?.accepted(booking.uid, booking.bookedBy);
    if (replaced) this.history?.cancelled(replaced.uid);
    this.deliverWebhook(booking, trigger);
  }

  /**
   * Posts the booking's webhook to the app after the world's delay, through the webhook faults: once per
   * route the world subscribes, each from one of Cal.com's sender addresses.
   */
  private deliverWebhook(booking: LedgerBooking, trigger: WebhookTrigger): void {
    const { webhooks, faults } = this.options.config;
    if (!webhooks.enabled) return;
    const stream = this.streams.stream('faults.webhook');
    const payload = this.calcom.webhookFor(booking, trigger);
    webhooks.routes.forEach((route, k) => {
      if (stream.chance(faults.webhookLossProbability)) {
        this.history?.webhookLost(booking.uid);
        return;
      }
      const ips = webhooks.senderIps;
      const delivery = { route, senderIp: ips.length > 1 ? ips[this.streams.stream('webhooks.sender').int(0, ips.length - 1)] : ips[0] };
      const arrival = this.sim.now + webhooks.delayMs + (faults.webhookJitterMs > 0 ? stream.int(0, faults.webhookJitterMs) : 0);
      // A process named after its booking (`webhook:<uid>…`): the history links its clears to that booking.
      const label = `webhook:${booking.uid}${trigger === 'created' ? '' : `:${trigger}`}${k === 0 ? '' : `:route${k + 1}`}`;
      this.sim.spawn(arrival, label, this.system.receiveWebhook(payload, delivery));
      if (stream.chance(faults.webhookDuplicateProbability)) {
        this.sim.spawn(arrival + faults.webhookDuplicateDelayMs, `${label}:again`, this.system.receiveWebhook(payload, delivery));
      }
    });
  }

  private note(line: string): void {
    this.history?.note(line);
  }
}

/** The key of what a caller last heard about a slot; made only by the calls that read or write it. */
const heardKeyOf = (caller: string, eventType: number, slotMs: number) => `${caller}|${eventType}@${slotMs}`;

function describeAnswer(answer: Answer): string {
  const parts: string[] = [answer.outcome];
  if (answer.servedBy) parts.push(`via=${answer.servedBy}`);
  if (answer.httpStatus) parts.push(`http=${answer.httpStatus}`);
  if (answer.alternatives.length) parts.push(`alternatives=${answer.alternatives.map((a) => `${isoUtc(a.slotMs)}@${a.servedBy}`).join(',')}`);
  return parts.join(' ');
}
