import type { Process } from '../../core/simulation.ts';
import { ymd, type LocalTime } from '../../core/zonedTime.ts';
import type { SlotsResponse } from '../../calcom/shapes.ts';
import type { ServedBy } from '../../scenario/scenario.ts';
import type { AppContext } from './appContext.ts';
import { layer1Key } from './keys.ts';

export interface Layer1Lookup {
  readonly body: SlotsResponse;
  readonly servedBy: Extract<ServedBy, 'layer1' | 'calcom'>;
}

/**
 * Layer 1, `CalcomService::getAvailableSlots` for one whole day (`Y-m-d`..`Y-m-d`): `Cache::get`, and on
 * a miss `GET /v2/slots/available` and `Cache::put` for the Layer 1 TTL, also when the day has no slots.
 */
export function* layer1Day(
  ctx: AppContext,
  eventType: number,
  team: number | null,
  day: LocalTime,
  latencyMs: number | undefined,
): Process<Layer1Lookup> {
  const date = ymd(day);
  const key = layer1Key(team, eventType, date, date);
  const cached = (yield* ctx.store.get(key)) as SlotsResponse | null;
  if (cached) {
    ctx.stats.layer1Hits++;
    return { body: cached, servedBy: 'layer1' };
  }
  ctx.stats.layer1Misses++;
  const body = yield* ctx.network.roundTrip(() => {
    if (ctx.tracing) ctx.note(`calcom.slots eventType=${eventType} day=${date}`);
    return ctx.calcom.slots(eventType, day, day);
  }, latencyMs);
  yield* ctx.store.put(key, body, ctx.world.ttlSeconds.layer1);
  return { body, servedBy: 'calcom' };
}
