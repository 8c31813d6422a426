import { rememberCoalesced } from '../../../../stores/coalescedRemember.ts';
import type { AppContext } from '../../appContext.ts';
import { plainRead } from './plain.ts';
import { noCompanionKeys, type ReadStrategy } from './readStrategy.ts';

/** e06c5837e: Layer 1 misses take `Cache::lock` on the key so concurrent misses share one Cal.com request; Layer 2 reads plainly. */
export const coalescedRead: ReadStrategy<AppContext> = {
  name: 'coalesced',
  readThrough: (ctx, read) =>
    read.layer === 'layer1' ? rememberCoalesced(ctx.store, read.key, read.ttlSeconds, read.compute) : plainRead.readThrough(ctx, read),
  companionKeys: noCompanionKeys,
  leavesNoCompanions: true,
};
