import { z } from 'zod';

/**
 * Cal.com API v2 response shapes, written from Cal.com's public API reference (slots
 * `2024-08-13`, bookings `2024-08-13`, the error envelope, and the webhook payload), independently of
 * the fake, so the fake cannot drift from what the app really parses.
 */
const isoUtc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'an ISO 8601 UTC instant');
/** Webhook times: Cal.com writes them with `dayjs(…).utc().format()`, so without milliseconds; with them is accepted too. */
const webhookTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/, 'an ISO 8601 UTC instant');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a YYYY-MM-DD date');

/** `GET /v2/slots/available` → 200. */
export const slotsAvailableResponse = z.object({
  status: z.literal('success'),
  data: z.object({ slots: z.record(isoDate, z.array(z.object({ time: isoUtc }))) }),
});

/** `POST /v2/bookings` → 201. */
export const bookingCreatedResponse = z.object({
  status: z.literal('success'),
  data: z.object({
    id: z.number().int().positive(),
    uid: z.string().min(1),
    status: z.enum(['accepted', 'pending', 'cancelled', 'rejected']),
    start: isoUtc,
    end: isoUtc,
    duration: z.number().int().positive(),
    eventTypeId: z.number().int().positive(),
    attendees: z.array(z.object({ name: z.string(), email: z.string().email(), timeZone: z.string() })).min(1),
  }),
});

/** The v2 error envelope (400 on `/v2/bookings`; the web endpoint's 409 carries the same envelope here). */
export const errorResponse = z.object({
  status: z.literal('error'),
  timestamp: isoUtc,
  path: z.string().startsWith('/'),
  error: z.object({ code: z.string().min(1), message: z.string().min(1) }),
});

/** The webhook Cal.com posts on a new, cancelled or moved booking (Cal.com names its number `bookingId`; there is no `id`). */
export const bookingWebhook = z.object({
  triggerEvent: z.enum(['BOOKING_CREATED', 'BOOKING.CREATED', 'BOOKING_CANCELLED', 'BOOKING.CANCELLED', 'BOOKING_RESCHEDULED', 'BOOKING.RESCHEDULED']),
  createdAt: isoUtc,
  payload: z.strictObject({
    uid: z.string().min(1),
    bookingId: z.number().int().positive(),
    eventTypeId: z.number().int().positive(),
    startTime: webhookTime,
    endTime: webhookTime,
    status: z.enum(['ACCEPTED', 'CANCELLED']),
  }),
});
