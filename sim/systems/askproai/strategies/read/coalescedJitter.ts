import { rememberCoalesced } from '../../../../stores/coalescedRemember.ts';
import type { AppContext } from '../../appContext.ts';
import { plainRead } from './plain.ts';
import { noCompanionKeys, type ReadStrategy } from './readStrategy.ts';

/** `$lock->block(3)` (CalcomService f482d0c51:507), in ms. */
const LOCK_WAIT_MS = 3_000;
/** `usleep(random_int(20_000, 80_000))` (f482d0c51:547): the pause's bounds, in ms. */
const JITTER_MS = { min: 20, max: 80 } as const;

/**
 * f482d0c51: coalesced Layer 1 misses as e06c5837e's, but a waiter blocks 3 s instead of 5, and before
 * its own fetch pauses 20–80 ms (the `coalesce.jitter` stream) and reads the key once more.
 */
export const coalescedJitterRead: ReadStrategy<AppContext> = {
  name: 'coalesced-jitter',
  readThrough: (ctx, read) =>
    read.layer === 'layer1'
      ? rememberCoalesced(ctx.store, read.key, read.ttlSeconds, read.compute, {
          lockWaitMs: LOCK_WAIT_MS,
          jitterMs: () => ctx.coalesceJitter.int(JITTER_MS.min, JITTER_MS.max),
        })
      : plainRead.readThrough(ctx, read),
  companionKeys: noCompanionKeys,
  leavesNoCompanions: true,
};
