// A multi-key lookup (nested Maps, so keys compare like `===` on their raw values: 5 and "5", undefined and "" stay
// apart). Items come back in insertion order.
type Node<T> = { items?: T[]; next?: Map<unknown, Node<T>> };

export class Lookup<T> {
  private readonly root: Node<T> = {};

  add(keys: readonly unknown[], item: T): void {
    let node = this.root;
    for (const key of keys) {
      node.next ??= new Map();
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = {}));
      node = child;
    }
    (node.items ??= []).push(item);
  }

  get(keys: readonly unknown[]): T[] {
    let node: Node<T> | undefined = this.root;
    for (const key of keys) {
      node = node.next?.get(key);
      if (!node) return [];
    }
    return node.items ?? [];
  }

  first(keys: readonly unknown[]): T | undefined {
    return this.get(keys)[0];
  }
}

/** Groups items by one key, keeping their order. */
export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}
