import type { SlotsResponse } from '../../calcom/shapes.ts';

/**
 * What a cached value says is free: the event type and slot instants (ISO UTC) a Layer 1 body or a
 * Layer 2 list holds; null for other keys (locks, leases, generations). Measurements use it to see how
 * long a booked slot still reads as free somewhere in the cache.
 */
export function freeSlotsInCacheEntry(key: string, value: unknown): { eventType: number; times: readonly string[] } | null {
  const layer2 = LAYER2_KEY.exec(key);
  if (layer2) return { eventType: Number(layer2[1]), times: value as string[] };
  const layer1 = LAYER1_KEY.exec(key);
  if (layer1) {
    const body = value as SlotsResponse;
    return { eventType: Number(layer1[1]), times: Object.values(body.data.slots).flatMap((day) => day.map((s) => s.time)) };
  }
  return null;
}

const LAYER2_KEY = /^cal_slots_-?\d+_-?\d+_(\d+)_/;
/** `calcom:slots:[team:]eventType:date…`; the optional team is skipped by backtracking when absent. */
const LAYER1_KEY = /^calcom:slots:(?:\d+:)?(\d+):\d{4}-/;

/** Versioned keys end in `:v<generation>`; they stop being read when the generation moves on. */
export const isVersionedKey = (key: string) => /:v\d+$/.test(key);
export const isGenerationKey = (key: string) => key.startsWith('calcom:slots_generation:');
