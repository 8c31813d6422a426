import type { AppContext } from '../../appContext.ts';
import type { InvalidationTiming } from './invalidationTiming.ts';

/** The clear runs inside the booking request or webhook, before it answers (Phase A+). */
export const inlineInvalidation: InvalidationTiming<AppContext> = {
  name: 'inline',
  run: (_ctx, _path, clear) => clear,
};
