import { remember } from '../../../../stores/cacheStore.ts';
import type { AppContext } from '../../appContext.ts';
import { noCompanionKeys, type ReadStrategy } from './readStrategy.ts';

/** Laravel's `Cache::remember` without a lock: concurrent misses all fill and the last put wins (Phase A+). */
export const plainRead: ReadStrategy<AppContext> = {
  name: 'plain',
  readThrough: (ctx, read) => remember(ctx.store, read.key, read.ttlSeconds, read.compute),
  companionKeys: noCompanionKeys,
  leavesNoCompanions: true,
};
