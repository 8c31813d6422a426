import { addLocal, type LocalTime, type ZonedCalendar } from '../../../../core/zonedTime.ts';
import type { WorldConfig } from '../../../../worldConfig.ts';
import { layer1DayKey, layer2Key } from '../../keys.ts';

/** What building a forget list reads of the app: its services, its "today" and the clock (a part of AppContext). */
export interface ForgetListContext {
  readonly world: WorldConfig;
  readonly profile: { readonly serviceTeamColumn: boolean };
  readonly appCalendar: ZonedCalendar;
  readonly clock: { readonly now: number };
}

/**
 * The keys `clearAvailabilityCacheForEventType(eventType, teamId)` forgets, in the PHP code's order,
 * for a booking of `slot` (null when the caller does not know it); null when the call itself fails
 * (the pre-fix signature requires a team id: a call without one is a fatal TypeError).
 */
export type KeysToForget = (ctx: ForgetListContext, eventType: number, teamId: number | null, slot: LocalTime | null) => readonly string[] | null;

/** Days of Layer 1 (from today) and Layer 2 the Phase A+ clear covers, and Layer 2's hour windows. */
export const LAYER1_DAYS = 30;
export const LAYER2_DAYS = 7;
export const LAYER2_FIRST_HOUR = 9;
export const LAYER2_LAST_HOUR = 18;

/** `Carbon::today()` in the app's time zone (`app.timezone`): what the clear and the range validation call today. */
export function today(ctx: ForgetListContext): LocalTime {
  return ctx.appCalendar.startOfLocalDay(ctx.clock.now);
}

/** Layer 1 whole-day keys of one team and event type for `days` days from `from`. */
export function layer1Days(team: number, eventType: number, from: LocalTime, days: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < days; i++) keys.push(layer1DayKey(team, eventType, addLocal(from, i)).key);
  return keys;
}

/** The team given, else every team of a service using the event type (PHP falsy ids dropped); none where services have no team column. */
export function teamsFor(ctx: ForgetListContext, eventType: number, teamId: number | null): number[] {
  if (teamId !== null) return [teamId];
  if (!ctx.profile.serviceTeamColumn) return []; // no team ids to find: Layer 1 is left alone
  const teams = ctx.world.services.filter((s) => s.eventType === eventType).map((s) => s.team);
  return [...new Set(teams.filter((t): t is number => !!t))];
}

/** Layer 2 hour windows `H→H+1` for every service using the event type, on the given days and hours. */
export function layer2Hours(ctx: ForgetListContext, eventType: number, days: readonly LocalTime[], hours: readonly number[]): string[] {
  const keys: string[] = [];
  for (const service of ctx.world.services) {
    if (service.eventType !== eventType) continue;
    for (const day of days) {
      for (const hour of hours) {
        const start = { ...day, hour };
        keys.push(layer2Key(service.company, service.branch, eventType, start, addLocal(start, 0, 1)));
      }
    }
  }
  return keys;
}

/** The integers `from` … `to`, both included. */
export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
