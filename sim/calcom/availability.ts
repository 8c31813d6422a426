import type { EventTypeRules, WorldConfig } from '../worldConfig.ts';

const MINUTE_MS = 60_000;

/** A booking as availability sees it: which event type, from when. */
export interface BookedSpan {
  readonly eventTypeId: number;
  readonly startMs: number;
}

/**
 * Cal.com's availability rules of a world, bookings aside: which event types share a host, how long each
 * booking lasts with its buffers, and the minimum notice. Cal.com keeps availability per host
 * (`getBusyTimes` reads the host's bookings of every event type), while the app caches and clears per
 * event type. A world without hosts gives every event type a host of its own; without rules an event type
 * lasts `slotMinutes` with no buffers and no notice, so a booking blocks exactly its own slot.
 */
export class CalcomAvailability {
  /** Per event type, every event type sharing a host with it (itself first). */
  private readonly sharing = new Map<number, readonly number[]>();
  private readonly rules = new Map<number, EventTypeRules>();
  /** Whether some event type lasts longer than a grid step (then a slot must also end by closing time). */
  readonly anyLongerThanGrid: boolean;

  constructor(private readonly world: WorldConfig) {
    for (const rule of world.calcom.eventTypes) this.rules.set(rule.id, rule);
    for (const host of world.calcom.hosts) {
      for (const eventType of host.eventTypes) {
        const sharing = new Set([eventType, ...(this.sharing.get(eventType) ?? []), ...host.eventTypes]);
        this.sharing.set(eventType, [...sharing]);
      }
    }
    this.anyLongerThanGrid = world.calcom.eventTypes.some((r) => r.lengthInMinutes > world.slotMinutes);
  }

  /** The event types whose slots a booking of `eventTypeId` can block: its own and those of its hosts. */
  sharingHost(eventTypeId: number): readonly number[] {
    return this.sharing.get(eventTypeId) ?? [eventTypeId];
  }

  lengthMs(eventTypeId: number): number {
    return (this.rules.get(eventTypeId)?.lengthInMinutes ?? this.world.slotMinutes) * MINUTE_MS;
  }

  /** How far ahead of now a slot must start to be offered or booked, in ms (0: not begun yet). */
  noticeMs(eventTypeId: number): number {
    return (this.rules.get(eventTypeId)?.minimumBookingNotice ?? 0) * MINUTE_MS;
  }

  /**
   * Whether a booking makes a slot of `eventTypeId` at `slotMs` unavailable: the two share a host and the
   * slot with its event type's buffers, [start − before, start + length + after), overlaps the booking
   * with its own (Cal.com's getBusyTimes widens each booking by its event type's buffers and by the asked
   * event type's opposite ones, which is the same test).
   */
  blocks(booking: BookedSpan, eventTypeId: number, slotMs: number): boolean {
    if (booking.eventTypeId === eventTypeId && booking.startMs === slotMs) return true;
    if (!this.sharingHost(booking.eventTypeId).includes(eventTypeId)) return false;
    const [from, to] = this.span(eventTypeId, slotMs);
    const [busyFrom, busyTo] = this.span(booking.eventTypeId, booking.startMs);
    return from < busyTo && busyFrom < to;
  }

  /** The time a booking of `eventTypeId` at `startMs` keeps its host busy, buffers included: [from, to) in ms. */
  span(eventTypeId: number, startMs: number): readonly [number, number] {
    const rule = this.rules.get(eventTypeId);
    if (!rule) return [startMs, startMs + this.world.slotMinutes * MINUTE_MS];
    return [startMs - rule.beforeEventBuffer * MINUTE_MS, startMs + (rule.lengthInMinutes + rule.afterEventBuffer) * MINUTE_MS];
  }

  /** The instants between which a slot of `eventTypeId` can overlap `booking`'s busy span: (from, to) in ms. */
  reach(booking: BookedSpan, eventTypeId: number): readonly [number, number] {
    const [busyFrom, busyTo] = this.span(booking.eventTypeId, booking.startMs);
    const [from, to] = this.span(eventTypeId, 0);
    return [busyFrom - to, busyTo - from];
  }
}
