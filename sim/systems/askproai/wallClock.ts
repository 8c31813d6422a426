import type { LocalTime, ZonedCalendar } from '../../core/zonedTime.ts';

/**
 * The code's slot matching on the `utc-wall-clock` profiles: `Carbon::parse(slot.time)` keeps Cal.com's
 * `Z`, and its `H:i` is compared with the requested `H:i`. So the slot tested for a request is the
 * instant whose UTC wall-clock reads as the requested local time (13:00 asked in Berlin tests 13:00 UTC).
 */
export function instantTestedFor(requested: LocalTime): number {
  return Date.UTC(requested.year, requested.month - 1, requested.day, requested.hour, requested.minute, requested.second, requested.ms);
}

/**
 * The finder speaks each slot's own `H:i`, which is UTC; a caller hears it as local time and would book
 * that. Returns the instant of the local slot the caller hears for the slot at `slotMs`.
 */
export function instantHeardFor(slotMs: number, calendar: ZonedCalendar): number {
  const d = new Date(slotMs);
  const heard = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: 0, ms: 0 };
  return calendar.toUtc(heard);
}
