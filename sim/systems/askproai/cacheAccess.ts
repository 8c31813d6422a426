import type { Process } from '../../core/simulation.ts';
import type { AppContext } from './appContext.ts';

/**
 * How both layers read through the cache: the variant's read strategy, storing for the layer's TTL in
 * force (the code version may keep a result without a free slot shorter: `isEmpty` says which those are).
 */
export function readThrough<T>(
  ctx: AppContext,
  layer: 'layer1' | 'layer2',
  key: string,
  eventType: number,
  compute: () => Process<T | null>,
  isEmpty?: (value: T) => boolean,
): Process<{ value: T | null; hit: boolean }> {
  const layerTtl = ctx.ttlSeconds[layer];
  const emptyTtl = ctx.variant.code.emptyResultTtlSeconds;
  const ttlSeconds = emptyTtl !== undefined && isEmpty ? (value: T) => (isEmpty(value) ? emptyTtl : layerTtl) : layerTtl;
  return ctx.variant.read.readThrough(ctx, { layer, key, eventType, ttlSeconds, compute });
}
