// Label selectors answered from an index (label key → value → items) instead of a scan of every item: the index only
// narrows the candidates, the selector functions of k8s/selectors.ts decide, so the answer is the scan's, in item order.
import { matchesMap, matchesSelector, type LabelSelector } from "../k8s/selectors.ts";

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

export class LabelIndex<T> {
  private readonly byKey = new Map<string, number[]>();
  private readonly byPair = new Map<string, Map<unknown, number[]>>();
  /** Items whose labels are not a plain map: always candidates, the selector functions judge them. */
  private readonly irregular: number[] = [];

  constructor(
    readonly items: readonly T[],
    private readonly labelsOf: (item: T) => unknown,
  ) {
    items.forEach((item, i) => {
      const labels = labelsOf(item);
      if (!isPlainObject(labels)) {
        if (labels !== undefined && labels !== null) this.irregular.push(i);
        return;
      }
      for (const [k, v] of Object.entries(labels)) {
        push(this.byKey, k, i);
        let values = this.byPair.get(k);
        if (!values) this.byPair.set(k, (values = new Map()));
        push(values, v, i);
      }
    });
  }

  /** Items whose labels `selector` (matchLabels + matchExpressions) selects. */
  matching(selector: LabelSelector | undefined | null): T[] {
    if (!selector) return [];
    return this.pick(this.selectorCandidates(selector), (labels) => matchesSelector(selector, labels));
  }

  /** Items a plain map selector (Service.spec.selector) selects. */
  matchingMap(selector: Record<string, string> | undefined): T[] {
    if (!selector || Object.keys(selector).length === 0) return [];
    return this.pick(this.narrowest(Object.entries(selector).map(([k, v]) => this.pair(k, v))), (labels) => matchesMap(selector, labels));
  }

  /** True when some item matches: the same answer as `matching(selector).length > 0`. */
  anyMatching(selector: LabelSelector | undefined | null): boolean {
    return this.matching(selector).length > 0;
  }

  private pick(candidates: number[] | undefined, test: (labels: Record<string, string>) => boolean): T[] {
    const out: T[] = [];
    const check = (i: number) => {
      if (test(this.labelsOf(this.items[i]) as Record<string, string>)) out.push(this.items[i]);
    };
    if (candidates === undefined) this.items.forEach((_, i) => check(i));
    else for (const i of candidates) check(i);
    return out;
  }

  private pair(key: string, value: unknown): number[] {
    return this.byPair.get(key)?.get(value) ?? [];
  }

  /** Indices that may match (a superset of the matches, ascending); undefined when the selector narrows nothing. */
  private selectorCandidates(selector: LabelSelector): number[] | undefined {
    const lists: number[][] = [];
    const matchLabels = (selector.matchLabels ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(matchLabels)) lists.push(this.pair(k, v));
    const expressions: unknown = selector.matchExpressions ?? [];
    if (Array.isArray(expressions)) {
      for (const e of expressions) {
        if (!isPlainObject(e)) continue;
        const key = String(e.key);
        if (e.operator === "In" && Array.isArray(e.values)) lists.push(union(e.values.map((v) => this.pair(key, v))));
        else if (e.operator === "Exists") lists.push(this.byKey.get(key) ?? []);
      }
    }
    return this.narrowest(lists);
  }

  private narrowest(lists: number[][]): number[] | undefined {
    if (lists.length === 0) return undefined;
    const smallest = lists.reduce((a, b) => (b.length < a.length ? b : a));
    return this.irregular.length ? union([smallest, this.irregular]) : smallest;
  }
}

function push<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

function union(lists: number[][]): number[] {
  if (lists.length === 0) return [];
  if (lists.length === 1) return lists[0];
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/**
 * The reverse question: which of many selectors (PodDisruptionBudgets, NetworkPolicies) select one label set. Each
 * selector is filed under one of its matchLabels pairs; a label set looks up only the buckets of its own pairs plus the
 * selectors with no matchLabels, and matchesSelector decides. Answers come back in item order.
 */
export class SelectorIndex<T> {
  private readonly byPair = new Map<string, Map<unknown, number[]>>();
  private readonly unkeyed: number[] = [];

  constructor(
    readonly items: readonly T[],
    private readonly selectorOf: (item: T) => LabelSelector | undefined | null,
  ) {
    items.forEach((item, i) => {
      const selector: unknown = selectorOf(item);
      const matchLabels = isPlainObject(selector) ? selector.matchLabels : undefined;
      const first = isPlainObject(matchLabels) ? Object.entries(matchLabels)[0] : undefined;
      if (!first) {
        this.unkeyed.push(i);
        return;
      }
      let values = this.byPair.get(first[0]);
      if (!values) this.byPair.set(first[0], (values = new Map()));
      push(values, first[1], i);
    });
  }

  /** Items whose selector selects `labels`: the same answer as a filter with matchesSelector, in item order. */
  selecting(labels: Record<string, string>): T[] {
    const candidates: number[][] = [this.unkeyed];
    if (isPlainObject(labels)) for (const [k, v] of Object.entries(labels)) candidates.push(this.byPair.get(k)?.get(v) ?? []);
    return union(candidates.filter((c) => c.length > 0))
      .map((i) => this.items[i])
      .filter((item) => matchesSelector(this.selectorOf(item), labels));
  }
}
