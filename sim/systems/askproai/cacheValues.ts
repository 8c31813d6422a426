import type { SlotsResponse } from '../../calcom/shapes.ts';

/**
 * What a cached value says is free: the event type and slot instants (ISO UTC) a Layer 1 body or a
 * Layer 2 list holds; null for other keys (locks, leases, generations). Measurements use it to see how
 * long a booked slot still reads as free somewhere in the cache.
 */
export function freeSlotsInCacheEntry(key: string, value: unknown): { eventType: number; times: readonly string[] } | null {
  const entry = entryOfKey(key);
  if (entry === null) return null;
  return { eventType: entry.eventType, times: entry.layer === 'layer2' ? (value as string[]) : timesOf(value as SlotsResponse) };
}

/** Keys recur run after run (the same slots, the same days): each is parsed once per process. */
const entriesByKey = new Map<string, { readonly layer: 'layer1' | 'layer2'; readonly eventType: number } | null>();
const MAX_REMEMBERED_KEYS = 50_000; // beyond that, keys are one-offs: parsed each time

function entryOfKey(key: string) {
  let entry = entriesByKey.get(key);
  if (entry !== undefined) return entry;
  const layer2 = LAYER2_KEY.exec(key);
  const layer1 = layer2 ? null : LAYER1_KEY.exec(key);
  entry = layer2 ? { layer: 'layer2', eventType: Number(layer2[1]) } : layer1 ? { layer: 'layer1', eventType: Number(layer1[1]) } : null;
  if (entriesByKey.size < MAX_REMEMBERED_KEYS) entriesByKey.set(key, entry);
  return entry;
}

/** A Cal.com slots body's instants; bodies are never changed once answered, and Cal.com shares them between runs. */
const timesByBody = new WeakMap<SlotsResponse, readonly string[]>();

/**
 * Every slot (ISO UTC) a slots body lists, in its order, made once per body: Cal.com shares its bodies
 * between runs, so this list is shared too (a Layer 2 fill of one day stores it as it is).
 */
export function timesOf(body: SlotsResponse): readonly string[] {
  let times = timesByBody.get(body);
  if (times === undefined) {
    const listed: string[] = [];
    for (const day of Object.values(body.data.slots)) for (const slot of day) listed.push(slot.time);
    timesByBody.set(body, (times = listed));
  }
  return times;
}

const LAYER2_KEY = /^cal_slots_-?\d+_-?\d+_(\d+)_/;
/** `calcom:slots:[team:]eventType:date…`; the optional team is skipped by backtracking when absent. */
const LAYER1_KEY = /^calcom:slots:(?:\d+:)?(\d+):\d{4}-/;

/** Versioned keys end in `:v<generation>`; they stop being read when the generation moves on. */
export function isVersionedKey(key: string): boolean {
  // `/:v\d+$/` by hand: the staleness recorder asks it of every put of every run.
  let i = key.length - 1;
  while (i >= 0 && key.charCodeAt(i) >= 48 && key.charCodeAt(i) <= 57) i--;
  return i < key.length - 1 && i >= 1 && key[i] === 'v' && key[i - 1] === ':';
}
export const isGenerationKey = (key: string) => key.startsWith('calcom:slots_generation:');
