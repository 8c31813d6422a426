import type { AppContext } from '../../appContext.ts';
import { generationKey } from '../../keys.ts';
import { plainRead } from './plain.ts';
import { noCompanionKeys, type ReadStrategy } from './readStrategy.ts';

/**
 * Versioned keys: every key carries its event type's current generation, read from the cache on every
 * lookup (one extra round trip); a fill that read before an increment writes a key nobody reads.
 */
export const versionedRead: ReadStrategy<AppContext> = {
  name: 'versioned',
  *readThrough(ctx, read) {
    const generation = (yield* ctx.store.get(generationKey(read.eventType))) ?? 0;
    return yield* plainRead.readThrough(ctx, { ...read, key: `${read.key}:v${generation}` });
  },
  companionKeys: noCompanionKeys,
  leavesNoCompanions: true,
};
