import type { Process } from '../core/simulation.ts';
import type { LocalTime } from '../core/zonedTime.ts';
import type { WebhookDelivery, WebhookPayload } from '../calcom/shapes.ts';
import type { BookingFunction, Outcome, ServedBy, StepAction } from '../core/vocabulary.ts';
import type { Service } from '../worldConfig.ts';

/** A slot the agent offered instead, and which cache or Cal.com told it that slot was free. */
export interface Alternative {
  /** The slot the caller hears (and would book). */
  readonly slotMs: number;
  readonly servedBy: ServedBy;
  /** The slot the finder read, when the caller hears another one (the finder speaks UTC `H:i`). */
  readonly readSlotMs?: number;
  /** The cache key whose entry the slot was read from (the finder's window), when the system records it. */
  readonly entryKey?: string;
}

/** What the agent told the caller, and where the answer came from. */
export interface Answer {
  readonly outcome: Outcome;
  /** Which layer produced the availability answer; null for bookings. */
  readonly servedBy: ServedBy | null;
  readonly alternatives: readonly Alternative[];
  /** Cal.com's HTTP status for bookings (201, 400, 409). */
  readonly httpStatus?: number;
  /**
   * When the booking step re-checked availability itself before booking: which layer said "free", and
   * the logical time it was read at. That is the last "available" the system acted on.
   */
  readonly precheck?: { readonly servedBy: ServedBy; readonly order: number; readonly readSlotMs?: number };
  /** The slot the answer is really about, when the code tested another slot than the one asked (UTC `H:i` matching). */
  readonly readSlotMs?: number;
}

/** One caller request as the system under test receives it. */
export interface CallRequest {
  readonly caller: string;
  readonly service: Service;
  /** Slot start in the callers' time zone and as an instant (ms since the epoch, UTC). */
  readonly slot: LocalTime;
  readonly slotMs: number;
  /** Overrides Cal.com's latency for this request's round trips, in ms. */
  readonly latencyMs?: number;
  /** For the agent's reschedule: the start of the booking that moves (`slot`/`slotMs` are where it moves to). */
  readonly movesFromMs?: number | null;
  /** For a booking: the app function it goes through, when the scenario names one. */
  readonly via?: BookingFunction;
}

/**
 * The system under test, as the harness sees it: the voice agent's functions and the webhook endpoint.
 * Another booking system can be modelled beside the AskProAI app by implementing this.
 */
export interface BookingSystem {
  checkAvailability(request: CallRequest): Process<Answer>;
  createBooking(request: CallRequest): Process<Answer>;
  /** The agent's cancellation of the booking that holds the slot: `cancelled`, or an error when Cal.com has none. */
  cancelBooking(request: CallRequest): Process<Answer>;
  /**
   * The agent's reschedule of the booking at `movesFromMs` to the request's slot: `booked` when Cal.com
   * moved it, `unavailable` (with alternatives) when the system's own check finds the slot taken,
   * `conflict` when Cal.com refuses it, an error when Cal.com has no such booking.
   */
  rescheduleBooking(request: CallRequest): Process<Answer>;
  /** A webhook from Cal.com, posted to `delivery.route` from `delivery.senderIp`. */
  receiveWebhook(payload: WebhookPayload, delivery: WebhookDelivery): Process<void>;
  /** What the agent says for an answer, in the caller's language. */
  describe(answer: Answer, slotMs: number, action: StepAction): string;
}
