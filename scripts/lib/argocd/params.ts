// Generator parameters: rendering strings with them (goTemplate or fasttemplate), flattening, label selectors.
import { TemplateError } from "./template-lex.ts";
import { renderGoTemplate, type MissingKey } from "./template.ts";
import { formatValue, isMap } from "./template-values.ts";

export type Params = Record<string, unknown>;

export interface TemplateMode {
  goTemplate: boolean;
  missingKey: MissingKey;
}

/** fasttemplate as Argo CD uses it without goTemplate: `{{ key }}` replaced when the flat key exists, else kept. */
function renderFast(text: string, params: Params): string {
  return text.replace(/\{\{([^{}]*)\}\}/g, (whole, key: string) => {
    const k = key.trim();
    return Object.hasOwn(params, k) ? String(params[k]) : whole;
  });
}

export function renderString(text: string, params: Params, mode: TemplateMode): string {
  if (!text.includes("{{")) return text;
  if (!mode.goTemplate) return renderFast(text, params);
  try {
    return renderGoTemplate(text, params, mode.missingKey);
  } catch (err) {
    if (err instanceof TemplateError) throw new TemplateError(`template ${JSON.stringify(text)}: ${err.message}`);
    throw err;
  }
}

/** Every string (map keys included) of a JSON-like value rendered with the parameters, as Argo CD's deeplyReplace does. */
export function renderDeep(value: unknown, params: Params, mode: TemplateMode): unknown {
  if (typeof value === "string") return renderString(value, params, mode);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, params, mode));
  if (isMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[renderString(k, params, mode)] = renderDeep(v, params, mode);
    return out;
  }
  return value;
}

/** Dot-style flattening with fmt's %v of the leaves (what label selectors see): {a: {b: [x]}} → {"a.b.0": "x"}. */
export function flattenParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, key: string) => {
    if (isMap(value)) for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, key ? `${key}.${i}` : String(i)));
    else out[key] = value === null || value === undefined ? "<nil>" : formatValue(value);
  };
  walk(params, "");
  return out;
}

interface Requirement {
  key: string;
  operator: string;
  values?: unknown[];
}

function requirementMatches(labels: Record<string, string>, r: Requirement): boolean {
  const has = Object.hasOwn(labels, r.key);
  const values = (r.values ?? []).map(String);
  switch (r.operator) {
    case "In":
      return has && values.includes(labels[r.key]);
    case "NotIn":
      return !has || !values.includes(labels[r.key]);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      throw new TemplateError(`selector operator "${r.operator}" is not one of In, NotIn, Exists, DoesNotExist`);
  }
}

/** Kubernetes label selector semantics (matchLabels AND matchExpressions) over flattened parameters. */
export function selectorMatches(selector: unknown, params: Params): boolean {
  if (!isMap(selector)) return true;
  const labels = flattenParams(params);
  const matchLabels = isMap(selector.matchLabels) ? selector.matchLabels : {};
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== String(v)) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? (selector.matchExpressions as Requirement[]) : [];
  return expressions.every((r) => requirementMatches(labels, r));
}

/** mergo.Merge(dst, src, WithOverride): maps merge deeply, anything else from src wins. */
export function mergeParams(dst: Params, src: Params): Params {
  const out: Params = { ...dst };
  for (const [k, v] of Object.entries(src)) out[k] = isMap(out[k]) && isMap(v) ? mergeParams(out[k], v) : v;
  return out;
}
