import type { AppContext } from '../../appContext.ts';
import type { InvalidationTiming } from './invalidationTiming.ts';

/** The clear is a queued job that runs `world.queueDelayMs` after the booking or webhook (e68d4759a). */
export const queuedInvalidation: InvalidationTiming<AppContext> = {
  name: 'queued',
  *run(ctx, path, clear) {
    if (ctx.tracing) ctx.note(`invalidate.${path} queued for ${ctx.world.queueDelayMs} ms`);
    ctx.defer(ctx.world.queueDelayMs, `job:invalidate-${path}`, clear);
  },
};
