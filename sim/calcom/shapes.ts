import type { WebhookRoute } from '../worldConfig.ts';

/**
 * Cal.com API v2 shapes the fake answers with, and the app reads. Field names follow Cal.com's
 * public API: `GET /v2/slots/available` (cal-api-version 2024-08-13), `POST /v2/bookings`, the error
 * envelope, and the webhook payload.
 */

/** `GET /v2/slots/available` → 200. Keys of `slots` are UTC dates; `time` is an ISO UTC instant. */
export interface SlotsResponse {
  readonly status: 'success';
  readonly data: { readonly slots: Readonly<Record<string, readonly { readonly time: string }[]>> };
}

export interface BookingData {
  readonly id: number;
  readonly uid: string;
  readonly status: 'accepted';
  readonly start: string;
  readonly end: string;
  readonly duration: number;
  readonly eventTypeId: number;
  readonly attendees: readonly { readonly name: string; readonly email: string; readonly timeZone: string }[];
}

/** `POST /v2/bookings` → 201. */
export interface BookingCreated {
  readonly status: 'success';
  readonly data: BookingData;
}

/** A taken slot: 400 on API v2, 409 on the web booking endpoint (`/api/book/event`). */
export interface BookingRejected {
  readonly status: 'error';
  readonly timestamp: string;
  readonly path: string;
  readonly error: { readonly code: string; readonly message: string };
}

export type BookingResponse =
  | { readonly httpStatus: 201; readonly body: BookingCreated }
  | { readonly httpStatus: 400 | 409; readonly body: BookingRejected };

/**
 * A booking of a slot that has begun or lies inside the event type's minimum notice: Cal.com's
 * `validateBookingTimeIsNotOutOfBounds` throws a 400 with `ErrorCode.BookingTimeOutOfBounds` before it
 * looks at availability (cal.com PR #18975, #20386), on either endpoint.
 */
export function outOfBoundsBody(at: string): BookingRejected {
  return { status: 'error', timestamp: at, path: '/v2/bookings', error: { code: 'BadRequestException', message: 'booking_time_out_of_bounds_error' } };
}

/** What a webhook tells of a booking: it was accepted, cancelled or moved (rescheduled) on Cal.com's side. */
export type WebhookTrigger = 'created' | 'cancelled' | 'rescheduled';

const TRIGGER_WORDS = { created: 'CREATED', cancelled: 'CANCELLED', rescheduled: 'RESCHEDULED' } as const;

/**
 * The trigger's name: Cal.com sends `BOOKING_CREATED`, `BOOKING_CANCELLED`, `BOOKING_RESCHEDULED`; the
 * app's webhook request at the fix commit only accepts dotted names (`BOOKING.CREATED`, …).
 */
export type TriggerName = `BOOKING${'_' | '.'}${(typeof TRIGGER_WORDS)[WebhookTrigger]}`;

export function triggerName(trigger: WebhookTrigger, style: 'underscore' | 'dotted'): TriggerName {
  return `BOOKING${style === 'dotted' ? '.' : '_'}${TRIGGER_WORDS[trigger]}`;
}

/** The webhook Cal.com posts to the app after it accepts or cancels a booking. */
export interface WebhookPayload {
  readonly triggerEvent: TriggerName;
  readonly createdAt: string;
  readonly payload: {
    /**
     * Cal.com's payload names the booking's number `bookingId`; `id` is absent (the fake never sends it,
     * an imported body may carry it). The code's handlers look bookings up by `id ?? uid`.
     */
    readonly id?: number;
    readonly uid: string;
    readonly bookingId: number;
    readonly eventTypeId: number;
    readonly startTime: string;
    readonly endTime: string;
    readonly status: 'ACCEPTED' | 'CANCELLED';
  };
}

/** How one webhook reaches the app: the route it is posted to and the address it comes from. */
export interface WebhookDelivery {
  readonly route: WebhookRoute;
  readonly senderIp: string;
}

/** Cal.com's error for a slot that is booked or outside availability (team events name "One of the hosts"). */
export function rejectedBody(httpStatus: 400 | 409, at: string): BookingRejected {
  return httpStatus === 400
    ? {
        status: 'error',
        timestamp: at,
        path: '/v2/bookings',
        error: { code: 'BadRequestException', message: 'User either already has booking at this time or is not available' },
      }
    : {
        status: 'error',
        timestamp: at,
        path: '/api/book/event',
        error: { code: 'no_available_users_found_error', message: 'No available users found' },
      };
}
