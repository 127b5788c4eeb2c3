// Array helpers safe at any size: `a.push(...b)` and `Math.max(...b)` pass every element as a call argument and
// overflow the stack past about 100,000 elements (a run with that many findings).

/** Appends `items` to `into` in place. */
export function appendAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/** The largest number of a list; `empty` when the list is empty. */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let max = empty;
  for (const v of values) if (v > max) max = v;
  return max;
}
