import type { AppContext } from '../../appContext.ts';
import { generationKey } from '../../keys.ts';
import type { InvalidationStrategy } from './invalidationStrategy.ts';

/** Generations must outlive every entry they version; 30 days is far beyond any TTL modelled. */
const GENERATION_TTL_SECONDS = 30 * 86_400;

/** Versioned keys' invalidation: one increment of the event type's generation, so every key form is covered. */
export const generationBump: InvalidationStrategy<AppContext> = {
  name: 'generation-bump',
  *clear(ctx, { eventType, path }) {
    if (ctx.tracing) ctx.note(`invalidate.${path} eventType=${eventType}: generation +1`);
    const key = generationKey(eventType);
    const generation = ((yield* ctx.store.get(key)) as number | null) ?? 0;
    yield* ctx.store.put(key, generation + 1, GENERATION_TTL_SECONDS);
  },
};
