/**
 * @module shared/collections
 * Small collection helpers that Node 20 lacks (`Map.groupBy` arrives in Node 21).
 */

/**
 * Items grouped by key, groups and items in first-seen order.
 * @example groupBy([{ v: 1, n: 'a' }, { v: 1, n: 'b' }], (x) => x.v) // Map { 1 => [{ v: 1, n: 'a' }, { v: 1, n: 'b' }] }
 */
export function groupBy<K, T>(items: Iterable<T>, keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group) group.push(item)
    else groups.set(key, [item])
  }
  return groups
}
