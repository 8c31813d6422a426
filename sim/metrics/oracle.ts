import type { LedgerBooking } from '../calcom/fakeCalcom.ts';
import { mapUnder } from '../core/maps.ts';
import type { Attribution, ServedBy } from '../core/vocabulary.ts';
import type { CallRecord } from './history.ts';

export type Truth = 'free' | 'taken';

/** What the ground truth says of one call. */
export interface Judgement {
  /** Whether the slot was free at Cal.com at the instant the caller was told. */
  readonly truth: Truth;
  /** Told "available" while the slot was taken. */
  readonly stale: boolean;
  /** Told "unavailable" while the slot was free. */
  readonly falseUnavailable: boolean;
  /** The answer was about another slot than the one asked (the code's UTC `H:i` matching). */
  readonly wrongSlot: boolean;
  /** Why a rejected booking was rejected; null for anything else. */
  readonly attribution: Attribution | null;
  /** The cache layer whose stale answer led to a `stale-cache` rejection. */
  readonly staleLayer: ServedBy | null;
  /** Ground truth of each offered alternative, in order. */
  readonly alternativeTruths: readonly Truth[];
}

/** An "available" the caller heard for a slot: a direct answer or an offered alternative. */
interface HeardAvailability {
  readonly order: number;
  readonly available: boolean;
  readonly truth: Truth;
  readonly servedBy: ServedBy | null;
  /** The "available" was about another slot than the one the caller heard and books. */
  readonly aboutOtherSlot: boolean;
}

/** Cal.com's availability as the oracle reads it (the fake Cal.com answers both). */
export interface SlotRules {
  /** Whether Cal.com offers the slot at virtual time `atMs`, bookings aside: on the grid, ending by closing time, not begun, beyond the notice. */
  isOffered(eventType: number, slotMs: number, atMs: number): boolean;
  /** Whether a booking makes the slot unavailable: the same slot, or an overlapping one (buffers included) on a shared host. */
  blocks(booking: LedgerBooking, eventType: number, slotMs: number): boolean;
}

/**
 * The ground-truth oracle. From Cal.com's ledger it knows when each booking was accepted and cancelled
 * (to the scheduler logical order), and from Cal.com's rules which bookings block which slots (a host's
 * booking blocks its overlapping slots of every event type it serves), so it can judge every answer in
 * the history after the run, and attribute every rejection.
 */
export class Oracle {
  /** Per (event type, slot), the bookings that block it, made when first asked. */
  private readonly blockers = new SlotMap<readonly LedgerBooking[]>();

  constructor(
    private readonly ledger: readonly LedgerBooking[],
    private readonly rules: SlotRules,
  ) {}

  /**
   * Free means: Cal.com offers the slot at virtual time `atMs` and no booking that blocks it was accepted
   * before logical time `order` and not cancelled before it.
   */
  truthAt(eventType: number, slotMs: number, order: number, atMs: number): Truth {
    if (!this.rules.isOffered(eventType, slotMs, atMs)) return 'taken';
    let blockers = this.blockers.get(eventType, slotMs);
    if (blockers === undefined) this.blockers.set(eventType, slotMs, (blockers = this.ledger.filter((b) => this.rules.blocks(b, eventType, slotMs))));
    return blockers.some((b) => b.acceptedOrder < order && (!b.cancelled || order < b.cancelled.order)) ? 'taken' : 'free';
  }

  /** Judges every record. The history is in answer order, as the world appends it. */
  judgeAll(records: readonly CallRecord[]): Judgement[] {
    // What each caller last heard about each slot, kept as the history is walked in answer order.
    const heard = new Map<string, SlotMap<HeardAvailability>>();
    const heardBy = (caller: string) => {
      let slots = heard.get(caller);
      if (slots === undefined) heard.set(caller, (slots = new SlotMap()));
      return slots;
    };
    return records.map((record) => {
      const truth = this.truthAt(record.eventType, record.slotMs, record.answeredOrder, record.answeredAt);
      const { answer } = record;
      const alternativeTruths = answer.alternatives.map((a) => this.truthAt(record.eventType, a.slotMs, record.answeredOrder, record.answeredAt));
      let attribution: Attribution | null = null;
      let staleLayer: ServedBy | null = null;
      if (answer.outcome === 'conflict') {
        // The booking's own re-check, when it made one, is the last "free" the system acted on.
        const { precheck } = answer;
        const heardBefore = heardBy(record.caller).get(record.eventType, record.slotMs);
        const last = precheck
          ? {
              order: precheck.order,
              available: true,
              servedBy: precheck.servedBy,
              truth: this.truthAt(record.eventType, record.slotMs, precheck.order, record.invokedAt), // the re-check runs right after the call begins
              aboutOtherSlot: precheck.readSlotMs !== undefined,
            }
          : heardBefore && heardBefore.order < record.invokedOrder
            ? heardBefore
            : undefined;
        ({ attribution, staleLayer } = attribute(last));
      }
      if (record.action === 'check_availability') {
        heardBy(record.caller).set(record.eventType, record.slotMs, {
          order: record.answeredOrder,
          available: answer.outcome === 'available',
          truth,
          servedBy: answer.servedBy,
          aboutOtherSlot: answer.readSlotMs !== undefined,
        });
      }
      answer.alternatives.forEach((alternative, k) =>
        heardBy(record.caller).set(record.eventType, alternative.slotMs, {
          order: record.answeredOrder,
          available: true,
          truth: alternativeTruths[k],
          servedBy: alternative.servedBy,
          aboutOtherSlot: alternative.readSlotMs !== undefined,
        }),
      );
      return {
        truth,
        stale: answer.outcome === 'available' && truth === 'taken',
        falseUnavailable: answer.outcome === 'unavailable' && truth === 'free',
        wrongSlot: answer.readSlotMs !== undefined,
        attribution,
        staleLayer,
        alternativeTruths,
      };
    });
  }
}

/**
 * The cause of a rejection, from the last thing the caller heard about that slot: `toctou` when that
 * "available" was true when said; `wrong-slot` when it was already false and was about another slot
 * (the code tested, or the finder read, a different instant); `stale-cache` when it was already false
 * and a cache said it; `upstream-lag` when Cal.com itself said it; `no-check` when the caller never
 * heard "available".
 */
function attribute(heard: HeardAvailability | undefined): { attribution: Attribution; staleLayer: ServedBy | null } {
  if (!heard || !heard.available) return { attribution: 'no-check', staleLayer: null };
  if (heard.truth === 'free') return { attribution: 'toctou', staleLayer: null };
  if (heard.aboutOtherSlot) return { attribution: 'wrong-slot', staleLayer: null };
  // Any cache layer, by its name: askproai's layer1/layer2, or whatever a stack file calls its layers.
  if (heard.servedBy !== null && heard.servedBy !== 'calcom') return { attribution: 'stale-cache', staleLayer: heard.servedBy };
  return { attribution: 'upstream-lag', staleLayer: null };
}

/** Values by event type and slot instant, keyed by the numbers themselves: no key text per lookup (every call of every run is judged). */
class SlotMap<T> {
  /** Made at the first set: most runs cancel nothing, and a map costs an allocation per run. */
  private byEventType: Map<number, Map<number, T>> | undefined;

  get(eventType: number, slotMs: number): T | undefined {
    return this.byEventType?.get(eventType)?.get(slotMs);
  }

  set(eventType: number, slotMs: number, value: T): void {
    mapUnder((this.byEventType ??= new Map()), eventType).set(slotMs, value);
  }
}
