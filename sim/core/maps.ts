/**
 * The map `outer` holds under `key`, made empty when it holds none: memos keyed by several numbers nest
 * maps this way instead of building a key text per lookup.
 */
export function mapUnder<K, K2, V>(outer: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = outer.get(key);
  if (inner === undefined) outer.set(key, (inner = new Map()));
  return inner;
}
