import { addLocal, startOfDay, ymd, type LocalTime } from '../../core/zonedTime.ts';
import type { AppContext } from './appContext.ts';
import type { VariantName } from './catalog.ts';
import { layer1Key, layer2Key } from './keys.ts';

/** One version of `CalcomService::clearAvailabilityCacheForEventType`. */
export interface InvalidationVariant {
  readonly name: VariantName;
  readonly summary: string;
  /**
   * The keys the call forgets, in the order the PHP code forgets them; null when the call itself fails
   * (the pre-fix signature requires a team id, so a call without one is a fatal TypeError).
   */
  keysToForget(ctx: AppContext, eventType: number, teamId: number | null): readonly string[] | null;
}

const LAYER1_DAYS = 30;
const LAYER2_DAYS = 7;
const LAYER2_FIRST_HOUR = 9;
const LAYER2_LAST_HOUR = 18;

/** `Carbon::today()` in the app's time zone. */
function today(ctx: AppContext): LocalTime {
  return startOfDay(ctx.appCalendar.toLocal(ctx.clock.now));
}

function layer1Days(team: number, eventType: number, from: LocalTime): string[] {
  const keys: string[] = [];
  for (let i = 0; i < LAYER1_DAYS; i++) {
    const date = ymd(addLocal(from, i));
    keys.push(layer1Key(team, eventType, date, date));
  }
  return keys;
}

export const variants: Readonly<Record<VariantName, InvalidationVariant>> = {
  off: {
    name: 'off',
    summary: 'Before the fix: Layer 1 only, for the given team, today+0..29; without a team id (webhooks) nothing is cleared.',
    keysToForget: (ctx, eventType, teamId) => (teamId === null ? null : layer1Days(teamId, eventType, today(ctx))),
  },
  on: {
    name: 'on',
    summary:
      'Phase A+: Layer 1 for the given team or every team using the event type, today+0..29; Layer 2 for every ' +
      'service using the event type, today+0..6 × hour windows 9→10 … 18→19.',
    keysToForget: (ctx, eventType, teamId) => {
      const from = today(ctx);
      const services = ctx.world.services.filter((s) => s.eventType === eventType);
      const teams = teamId !== null ? [teamId] : [...new Set(services.map((s) => s.team).filter((t): t is number => !!t))];
      const keys = teams.flatMap((team) => layer1Days(team, eventType, from));
      for (const service of services) {
        for (let d = 0; d < LAYER2_DAYS; d++) {
          const day = addLocal(from, d);
          for (let hour = LAYER2_FIRST_HOUR; hour <= LAYER2_LAST_HOUR; hour++) {
            const start = { ...day, hour };
            keys.push(layer2Key(service.company, service.branch, eventType, start, addLocal(start, 0, 1)));
          }
        }
      }
      return keys;
    },
  },
  none: {
    name: 'none',
    summary: 'No invalidation at all: entries live out their TTLs.',
    keysToForget: () => [],
  },
};
