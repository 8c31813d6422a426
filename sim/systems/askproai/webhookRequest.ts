import type { WebhookPayload } from '../../calcom/shapes.ts';

/** Laravel's `date_format:Y-m-d\TH:i:s.v\Z`: an instant with exactly three fraction digits and a literal Z. */
const MILLISECONDS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Why the code's CalcomWebhookRequest answers a webhook 422 before the controller runs, or null when it
 * passes (34a011586 and 57b4aa6f6, lines 25–41: the trigger names, dotted only; 61–62: `payload.startTime`
 * and `payload.endTime` in `Y-m-d\TH:i:s.v\Z` whenever present, which every booking webhook carries).
 */
export function webhookRejection({ triggerEvent, payload }: WebhookPayload): string | null {
  if (!triggerEvent.startsWith('BOOKING.')) return 'only dotted trigger names are accepted';
  for (const field of ['startTime', 'endTime'] as const) {
    if (!MILLISECONDS_Z.test(payload[field])) return `payload.${field} ${payload[field]} does not match date_format:Y-m-d\\TH:i:s.v\\Z`;
  }
  return null;
}
