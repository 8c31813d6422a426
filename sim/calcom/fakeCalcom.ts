import { mapUnder } from '../core/maps.ts';
import { addLocal, compareDay, isoInstant, isoUtc, type ZonedCalendar, type LocalTime } from '../core/zonedTime.ts';
import type { WorldConfig } from '../worldConfig.ts';
import { CalcomAvailability } from './availability.ts';
import { outOfBoundsBody, rejectedBody, triggerName, type BookingResponse, type SlotsResponse, type WebhookPayload, type WebhookTrigger } from './shapes.ts';

/** One accepted booking in Cal.com's ledger: the ground truth the oracle reads. */
export interface LedgerBooking {
  readonly id: number;
  readonly uid: string;
  readonly eventTypeId: number;
  /** Slot start, ms since the epoch (UTC). */
  readonly startMs: number;
  /** Virtual time and logical time (Simulation.order) at which Cal.com accepted it. */
  readonly acceptedAt: number;
  readonly acceptedOrder: number;
  /** The caller who booked, or `external` for Cal.com's own booking page. */
  readonly bookedBy: string;
  /** When it was cancelled on Cal.com's page (virtual ms and logical time); absent while it stands. */
  cancelled?: { readonly at: number; readonly order: number };
}

export interface BookingRequest {
  readonly eventTypeId: number;
  readonly startMs: number;
  readonly bookedBy: string;
}

/**
 * The fake Cal.com: the source of truth for slots and bookings. It answers instantly; latency is the
 * network's business (calcomNetwork.ts). Slots are the world's business hours on every day, every
 * `slotMinutes`, that end by closing time, have not begun and lie beyond the event type's minimum notice,
 * minus those a booking blocks on a shared host (availability.ts); there is no lock in booking creation
 * beyond "blocked means rejected".
 */
export class FakeCalcom {
  /** Told of every slots read (the history records it, so a cache fill can name the read it came from). */
  onRead?: (eventTypeId: number, fromMs: number, toMs: number) => void;

  readonly ledger: LedgerBooking[] = [];
  /** Slots (`takenKey`) some standing booking blocks, with how many do (a double booking, or overlapping spans). */
  private readonly taken = new Map<string, number>();
  /** When the first booking that blocks each taken slot was accepted (virtual ms). */
  private readonly acceptedAt = new Map<string, number>();
  /** Which event types share a host, lengths, buffers and notice: the same for every run of the world. */
  readonly availability: CalcomAvailability;
  /** Slot reservations: who holds the slot and until when (virtual ms). */
  private readonly reservations = new Map<string, { readonly holder: string; readonly until: number }>();
  /** Slot grid per local day: UTC instants and their ISO strings; the same for every run of a world and zone. */
  private readonly grid: Map<number, DayGrid>;
  /** Every instant of the grids made so far, shared like them. */
  private readonly onGrid: Set<number>;
  /**
   * `GET /slots` answers by which slots are taken (`takenSignature`), event type, and range start and end
   * (moved up to the first slot not begun and beyond the notice), shared by every run of the world: runs of
   * a sweep take the same few slots again and again. Reservations expire with time, so nothing is kept
   * while one exists. Answers are never changed once given.
   */
  private readonly responses: SharedResponses;
  /** The taken slots as one string, the answers' key: rebuilt when they change (a run takes a handful). */
  private takenSignature = '';

  constructor(
    private readonly world: WorldConfig,
    private readonly calendar: ZonedCalendar,
    private readonly clock: { readonly now: number; order(): number },
    /**
     * Called at the instant a booking is accepted (`created`), cancelled or moved (`rescheduled`, with the
     * booking it replaced), by the app's API call or on Cal.com's page alike: Cal.com sends the webhook for
     * both, and the world posts it. One callback given here, not a property set later: a second closure
     * over the world made V8 keep every run's world past young-generation GC (a sweep's peak RSS 110 →
     * 170 MB, 40 % slower).
     */
    private readonly onBookingEvent: (booking: LedgerBooking, trigger: WebhookTrigger, replaced?: LedgerBooking) => void,
  ) {
    const shared = sharedByWorld(world, calendar);
    this.grid = shared.grids;
    this.onGrid = shared.onGrid;
    this.responses = shared.responses;
    this.availability = shared.availability;
  }

  /** The taken slots changed (a booking, a cancel): answers are looked up under the new set. */
  private slotsChanged(): void {
    const taken = [...this.taken.keys()];
    this.takenSignature = taken.length > 1 ? taken.sort().join(',') : (taken[0] ?? ''); // most runs take one slot: nothing to sort
  }

  /** Whether `startMs` is a slot of the grid and nobody holds it: what `GET /slots` would list right now. */
  isFree(eventTypeId: number, startMs: number): boolean {
    return !this.taken.has(takenKey(eventTypeId, startMs)) && this.isOffered(eventTypeId, startMs, this.clock.now);
  }

  /**
   * Whether Cal.com offers a slot of `eventTypeId` at `startMs` at virtual time `atMs`, bookings aside: on
   * the grid, ending by closing time, not begun, and at least the event type's minimum notice ahead.
   */
  isOffered(eventTypeId: number, startMs: number, atMs: number): boolean {
    return startMs >= atMs + this.availability.noticeMs(eventTypeId) && this.isOnGrid(startMs) && this.endsByClosing(eventTypeId, startMs);
  }

  /** Whether `booking` makes the slot unavailable (availability.ts): what the oracle judges with. */
  blocks(booking: LedgerBooking, eventTypeId: number, slotMs: number): boolean {
    return this.availability.blocks(booking, eventTypeId, slotMs);
  }

  /** Whether a slot of an event type longer than a grid step still ends by closing time (Cal.com offers only slots that fit). */
  private endsByClosing(eventTypeId: number, startMs: number): boolean {
    if (!this.availability.anyLongerThanGrid) return true;
    const local = this.calendar.toLocal(startMs);
    return local.hour * 60 + local.minute + this.availability.lengthMs(eventTypeId) / 60_000 <= this.world.businessHours.close;
  }

  /**
   * `POST /v2/slots/reservations`: holds a free slot for `holder` for the world's reservation time.
   * While held, the slot is missing from `GET /slots` and only its holder can book it.
   */
  reserve(eventTypeId: number, startMs: number, holder: string): boolean {
    const key = takenKey(eventTypeId, startMs);
    if (!this.isFree(eventTypeId, startMs) || this.heldByOther(key, holder)) return false;
    this.reservations.set(key, { holder, until: this.clock.now + this.world.calcom.reservationMinutes * 60_000 });
    return true;
  }

  /** No lock in booking creation: a booking processed right after the one that took the slot gets through too. */
  private withinDoubleBookingWindow(key: string): boolean {
    const window = this.world.faults.doubleBookingWindowMs;
    if (window <= 0 || !this.taken.has(key)) return false;
    const acceptedAt = this.acceptedAt.get(key)!;
    return this.clock.now - acceptedAt < window;
  }

  private heldByOther(key: string, caller: string | null): boolean {
    if (this.reservations.size === 0) return false;
    const reservation = this.reservations.get(key);
    return reservation !== undefined && reservation.until > this.clock.now && reservation.holder !== caller;
  }

  /**
   * `GET /v2/slots/available?startTime&endTime`: free slots starting in [fromMs, toMs], grouped by UTC
   * date. The app asks for whole local days (start of day .. end of day) or, on the hourly path, one hour.
   */
  slots(eventTypeId: number, fromMs: number, toMs: number): SlotsResponse {
    this.onRead?.(eventTypeId, fromMs, toMs);
    const from = this.firstOfferable(eventTypeId, fromMs);
    if (this.reservations.size > 0) return this.listSlots(eventTypeId, from, toMs);
    let response = this.responses.get(this.takenSignature, eventTypeId, from, toMs);
    if (response === undefined) this.responses.set(this.takenSignature, eventTypeId, from, toMs, (response = this.listSlots(eventTypeId, from, toMs)));
    return response;
  }

  /**
   * `fromMs`, or, when slots from there have begun or lie inside the minimum notice, the first grid slot
   * beyond both (else the next day's first): the same list as a range from the cut-off, under a key that
   * stays the same until the next slot begins.
   */
  private firstOfferable(eventTypeId: number, fromMs: number): number {
    const cutoff = this.clock.now + this.availability.noticeMs(eventTypeId);
    if (fromMs >= cutoff) return fromMs;
    // No grid slot lies between the last cut-off looked up and the slot found for it: reads come in time order, so most reuse it.
    const last = this.lastFirstOfferable;
    if (last !== undefined && last.cutoff <= cutoff && cutoff <= last.first) return last.first;
    const day = this.calendar.toLocal(cutoff);
    const next = this.dayGrid(day).ms.find((ms) => ms >= cutoff) ?? this.dayGrid(addLocal(day, 1)).ms[0];
    const first = next !== undefined && next > cutoff ? next : cutoff;
    this.lastFirstOfferable = { cutoff, first };
    return first;
  }

  /** The last cut-off `firstOfferable` looked up and the slot it found (reads come in time order). */
  private lastFirstOfferable: { readonly cutoff: number; readonly first: number } | undefined;

  private listSlots(eventTypeId: number, fromMs: number, toMs: number): SlotsResponse {
    const slots: Record<string, { time: string }[]> = {};
    const lastDay = this.calendar.toLocal(toMs);
    for (let day = this.calendar.toLocal(fromMs); compareDay(day, lastDay) <= 0; day = addLocal(day, 1)) {
      const { ms, listed, dates } = this.dayGrid(day);
      for (let i = 0; i < ms.length; i++) {
        if (ms[i] < fromMs || ms[i] > toMs || !this.endsByClosing(eventTypeId, ms[i])) continue;
        if (this.taken.size > 0 || this.reservations.size > 0) {
          const key = takenKey(eventTypeId, ms[i]);
          if (this.taken.has(key) || this.heldByOther(key, null)) continue;
        }
        (slots[dates[i]] ??= []).push(listed[i]);
      }
    }
    return { status: 'success', data: { slots } };
  }

  /**
   * `POST /v2/bookings`: 201 with the booking; 400 `booking_time_out_of_bounds_error` for a slot begun or
   * inside the minimum notice (Cal.com checks the time before availability); else the configured conflict
   * status when the slot is not free.
   */
  book(request: BookingRequest): BookingResponse {
    const at = isoInstant(this.clock.now);
    if (request.startMs < this.clock.now + this.availability.noticeMs(request.eventTypeId)) return { httpStatus: 400, body: outOfBoundsBody(at) };
    const key = takenKey(request.eventTypeId, request.startMs);
    const racesThrough = this.withinDoubleBookingWindow(key);
    if (!racesThrough && (!this.isFree(request.eventTypeId, request.startMs) || this.heldByOther(key, request.bookedBy))) {
      const httpStatus = this.world.calcom.conflictStatus;
      return { httpStatus, body: rejectedBody(httpStatus, at) };
    }
    const booking = this.enter(request);
    this.onBookingEvent(booking, 'created');
    const lengthMs = this.availability.lengthMs(booking.eventTypeId);
    return {
      httpStatus: 201,
      body: {
        status: 'success',
        data: {
          id: booking.id,
          uid: booking.uid,
          status: 'accepted',
          start: isoUtc(booking.startMs),
          end: isoUtc(booking.startMs + lengthMs),
          duration: lengthMs / 60_000,
          eventTypeId: booking.eventTypeId,
          attendees: [{ name: request.bookedBy, email: `${request.bookedBy}@callers.invalid`, timeZone: this.calendar.timeZone }],
        },
      },
    };
  }

  /**
   * `POST /v2/bookings/{uid}/reschedule`, or a move on Cal.com's page: the slot's standing booking moves
   * to `toMs` as a new booking (Cal.com gives it a new uid and cancels the old one), the old slot freed,
   * and `BOOKING_RESCHEDULED` (not `BOOKING_CREATED`) goes out. `not-found` when no booking holds
   * `fromMs` (Cal.com's 404), `taken` when `toMs` is not free for it (the moving booking's own span aside,
   * as Cal.com leaves the booking being rescheduled out of the busy times).
   */
  reschedule(eventTypeId: number, fromMs: number, toMs: number): { readonly from: LedgerBooking; readonly to: LedgerBooking } | 'not-found' | 'taken' {
    const from = this.standingBooking(eventTypeId, fromMs);
    if (!from) return 'not-found';
    const key = takenKey(eventTypeId, toMs);
    const ownBlock = toMs !== fromMs && this.availability.blocks(from, eventTypeId, toMs) ? 1 : 0;
    const blockedByOthers = (this.taken.get(key) ?? 0) > ownBlock;
    if (blockedByOthers || !this.isOffered(eventTypeId, toMs, this.clock.now) || this.heldByOther(key, from.bookedBy)) return 'taken';
    const to = this.enter({ eventTypeId, startMs: toMs, bookedBy: from.bookedBy });
    this.release(from);
    this.onBookingEvent(to, 'rescheduled', from);
    return { from, to };
  }

  /** Enters an accepted booking into the ledger and takes every slot it blocks. */
  private enter(request: BookingRequest): LedgerBooking {
    const id = this.ledger.length + 1;
    const booking: LedgerBooking = {
      id,
      uid: `booking-${id}`,
      eventTypeId: request.eventTypeId,
      startMs: request.startMs,
      acceptedAt: this.clock.now,
      acceptedOrder: this.clock.order(),
      bookedBy: request.bookedBy,
    };
    this.ledger.push(booking);
    for (const key of this.blockedBy(booking)) {
      const count = this.taken.get(key) ?? 0;
      if (count === 0) this.acceptedAt.set(key, this.clock.now);
      this.taken.set(key, count + 1);
    }
    this.reservations.delete(takenKey(request.eventTypeId, request.startMs));
    this.slotsChanged();
    return booking;
  }

  /**
   * The slots (`takenKey`) a booking blocks: on every event type sharing a host with it, each grid slot
   * whose span with buffers overlaps the booking's (by default only the booking's own slot).
   */
  private blockedBy(booking: LedgerBooking): string[] {
    const keys = [takenKey(booking.eventTypeId, booking.startMs)];
    const { availability } = this;
    for (const eventTypeId of availability.sharingHost(booking.eventTypeId)) {
      const [after, before] = availability.reach(booking, eventTypeId);
      const lastDay = this.calendar.toLocal(before);
      for (let day = this.calendar.toLocal(after); compareDay(day, lastDay) <= 0; day = addLocal(day, 1)) {
        for (const slotMs of this.dayGrid(day).ms) {
          const key = takenKey(eventTypeId, slotMs);
          if (slotMs > after && slotMs < before && !keys.includes(key) && availability.blocks(booking, eventTypeId, slotMs)) keys.push(key);
        }
      }
    }
    return keys;
  }

  /**
   * Cancelling on Cal.com's page: the slot's standing booking is cancelled, and the slot is free again
   * once no booking holds it (a double booking leaves the other). Null when no booking holds the slot.
   */
  cancel(eventTypeId: number, startMs: number): LedgerBooking | null {
    const booking = this.standingBooking(eventTypeId, startMs);
    if (!booking) return null;
    this.release(booking);
    this.onBookingEvent(booking, 'cancelled');
    return booking;
  }

  /** The slot's first booking not cancelled, or null. */
  private standingBooking(eventTypeId: number, startMs: number): LedgerBooking | null {
    return this.ledger.find((b) => b.eventTypeId === eventTypeId && b.startMs === startMs && !b.cancelled) ?? null;
  }

  /** Marks a standing booking cancelled and frees each slot it blocked once no other booking blocks it. */
  private release(booking: LedgerBooking): void {
    booking.cancelled = { at: this.clock.now, order: this.clock.order() };
    let freed = false;
    for (const key of this.blockedBy(booking)) {
      const count = this.taken.get(key)! - 1;
      if (count > 0) this.taken.set(key, count);
      else {
        this.taken.delete(key);
        this.acceptedAt.delete(key);
        freed = true;
      }
    }
    if (freed) this.slotsChanged();
  }

  webhookFor(booking: LedgerBooking, trigger: WebhookTrigger = 'created'): WebhookPayload {
    const { timeFormat } = this.world.webhooks;
    return {
      triggerEvent: triggerName(trigger, this.world.webhooks.eventNameStyle),
      createdAt: isoInstant(this.clock.now),
      payload: {
        uid: booking.uid,
        bookingId: booking.id,
        eventTypeId: booking.eventTypeId,
        startTime: webhookTime(booking.startMs, timeFormat),
        endTime: webhookTime(booking.startMs + this.availability.lengthMs(booking.eventTypeId), timeFormat),
        status: trigger === 'cancelled' ? 'CANCELLED' : 'ACCEPTED',
      },
    };
  }

  /** Whether a slot of the business-hours grid starts at `startMs`. */
  isOnGrid(startMs: number): boolean {
    // Every grid made so far put its instants in the shared set: a slot of a day seen before is one lookup.
    return this.onGrid.has(startMs) || this.dayGrid(this.calendar.toLocal(startMs)).ms.includes(startMs);
  }

  private dayGrid(day: LocalTime): DayGrid {
    const dayKey = day.year * 10_000 + day.month * 100 + day.day;
    let grid = this.grid.get(dayKey);
    if (!grid) {
      const { open, close } = this.world.businessHours;
      const ms: number[] = [];
      for (let minute = open; minute + this.world.slotMinutes <= close; minute += this.world.slotMinutes) {
        ms.push(this.calendar.toUtc({ ...day, hour: Math.floor(minute / 60), minute: minute % 60, second: 0, ms: 0 }));
      }
      const iso = ms.map(isoUtc);
      grid = { ms, iso, listed: iso.map((time) => ({ time })), dates: iso.map((time) => time.slice(0, 10)) };
      this.grid.set(dayKey, grid);
      for (const slotMs of ms) this.onGrid.add(slotMs);
    }
    return grid;
  }
}

/** Beyond this many, answers are for one-off sets of taken slots: the table starts over rather than grow. */
const MAX_SHARED_RESPONSES = 1_024;

/** Cal.com's answers by taken slots, event type, range start and range end: nested maps, so a read builds no key text. */
class SharedResponses {
  private readonly byTaken = new Map<string, Map<number, Map<number, Map<number, SlotsResponse>>>>();
  private count = 0;

  get(taken: string, eventTypeId: number, fromMs: number, toMs: number): SlotsResponse | undefined {
    return this.byTaken.get(taken)?.get(eventTypeId)?.get(fromMs)?.get(toMs);
  }

  set(taken: string, eventTypeId: number, fromMs: number, toMs: number, response: SlotsResponse): void {
    if (this.count >= MAX_SHARED_RESPONSES) {
      this.byTaken.clear();
      this.count = 0;
    }
    mapUnder(mapUnder(mapUnder(this.byTaken, taken), eventTypeId), fromMs).set(toMs, response);
    this.count++;
  }
}

const takenKey = (eventTypeId: number, startMs: number) => `${eventTypeId}@${startMs}`;

/** A webhook's time: ISO UTC with milliseconds, or without them (`…T11:00:00Z`). */
const webhookTime = (ms: number, format: 'milliseconds' | 'seconds') => (format === 'milliseconds' ? isoUtc(ms) : `${isoUtc(ms).slice(0, 19)}Z`);

/** One local day's slots: instants, ISO strings, the `{ time }` entries answers list (shared, never changed) and their UTC dates. */
interface DayGrid {
  readonly ms: number[];
  readonly iso: string[];
  readonly listed: readonly { readonly time: string }[];
  readonly dates: readonly string[];
}

/** What depends only on a world and the callers' zone, kept once per process for every run of them. */
interface SharedByWorld {
  readonly availability: CalcomAvailability;
  readonly grids: Map<number, DayGrid>;
  readonly onGrid: Set<number>;
  readonly responses: SharedResponses;
}

const sharedByWorlds = new WeakMap<WorldConfig, Map<string, SharedByWorld>>();

function sharedByWorld(world: WorldConfig, calendar: ZonedCalendar): SharedByWorld {
  let byZone = sharedByWorlds.get(world);
  if (byZone === undefined) sharedByWorlds.set(world, (byZone = new Map()));
  let shared = byZone.get(calendar.timeZone);
  if (shared === undefined) byZone.set(calendar.timeZone, (shared = { availability: new CalcomAvailability(world), grids: new Map(), onGrid: new Set(), responses: new SharedResponses() }));
  return shared;
}

