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

/** The webhook Cal.com posts to the app after it accepts a booking. */
export interface WebhookPayload {
  /** Cal.com sends `BOOKING_CREATED`; the app at the fix commit only accepts `BOOKING.CREATED`. */
  readonly triggerEvent: 'BOOKING_CREATED' | 'BOOKING.CREATED';
  readonly createdAt: string;
  readonly payload: {
    readonly uid: string;
    readonly bookingId: number;
    readonly eventTypeId: number;
    readonly startTime: string;
    readonly endTime: string;
    readonly status: 'ACCEPTED';
  };
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
