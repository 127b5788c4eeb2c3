// Label selectors (matchLabels + matchExpressions), as the API server evaluates them.
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export function matchesSelector(selector: LabelSelector | undefined | null, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    if (e.operator === "In" && !(has && values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

/** An empty selector `{}` selects everything (NetworkPolicy podSelector semantics). */
export function isEmptySelector(selector: LabelSelector | undefined | null): boolean {
  return !!selector && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** Plain map selectors (Service.spec.selector): every key must match; an empty map selects nothing. */
export function matchesMap(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * The parts of a selector that `labels` fail, as pointers relative to the selector (`/matchLabels/<key>`,
 * `/matchExpressions/<i>`): what to change for the selector to match, and where a transformer that wrote it is blamed.
 */
export function selectorMisses(selector: LabelSelector | undefined | null, labels: Record<string, string>): string[] {
  if (!selector) return [];
  const escape = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
  const misses = Object.entries(selector.matchLabels ?? {})
    .filter(([k, v]) => labels[k] !== v)
    .map(([k]) => `/matchLabels/${escape(k)}`);
  (selector.matchExpressions ?? []).forEach((e, i) => {
    if (!matchesSelector({ matchExpressions: [e] }, labels)) misses.push(`/matchExpressions/${i}`);
  });
  return misses;
}

/**
 * The selector entries (selectorMisses pointers) that none of `labelSets` satisfies: when a selector matches nothing,
 * these are the entries to blame (a label a transformer wrote into the selector and not onto the pods).
 */
export function entriesNoneHas(selector: LabelSelector | undefined | null, labelSets: ReadonlyArray<Record<string, string>>): string[] {
  if (labelSets.length === 0) return [];
  const [first, ...rest] = labelSets.map((labels) => new Set(selectorMisses(selector, labels)));
  return [...first].filter((m) => rest.every((misses) => misses.has(m)));
}
