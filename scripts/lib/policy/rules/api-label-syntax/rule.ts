import type { K8sObject } from "../../../types.ts";
import type { ObjectRule, Violation } from "../../types.ts";
import { apiGroupOf, isBuiltinGroup, labelValueErrors, qualifiedNameErrors, scalarText } from "../../k8s/api-validation.ts";
import { escapePointer } from "../../k8s/pod-security.ts";

interface LabelMap {
  what: string;
  pointer: string;
  map: Record<string, unknown>;
}

interface Expression {
  pointer: string;
  expression: Record<string, unknown>;
}

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** Label maps and selector expressions the API server validates in a built-in object: templates' labels, selectors. */
function collect(value: unknown, pointer: string, maps: LabelMap[], expressions: Expression[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collect(v, `${pointer}/${i}`, maps, expressions));
    return;
  }
  if (!isMap(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const here = `${pointer}/${escapePointer(key)}`;
    if (key === "metadata" && isMap(child) && isMap(child.labels)) maps.push({ what: "label", pointer: `${here}/labels`, map: child.labels });
    else if (key === "matchLabels" && isMap(child)) maps.push({ what: "selector label", pointer: here, map: child });
    else if (key === "matchExpressions" && Array.isArray(child))
      child.forEach((e, i) => isMap(e) && expressions.push({ pointer: `${here}/${i}`, expression: e }));
    if (key !== "metadata") collect(child, here, maps, expressions);
  }
}

function labelMaps(object: K8sObject): { maps: LabelMap[]; expressions: Expression[] } {
  const maps: LabelMap[] = [];
  const expressions: Expression[] = [];
  if (isMap(object.metadata?.labels)) maps.push({ what: "label", pointer: "/metadata/labels", map: object.metadata.labels });
  const group = apiGroupOf(object.apiVersion);
  if (!isBuiltinGroup(group)) return { maps, expressions };
  const spec = (object as any).spec;
  collect(spec, "/spec", maps, expressions);
  // A Service's selector is a plain map, not a LabelSelector.
  if (group === "" && object.kind === "Service" && isMap(spec?.selector)) maps.push({ what: "selector label", pointer: "/spec/selector", map: spec.selector });
  return { maps, expressions };
}

function mapViolations(kind: string, name: string, m: LabelMap): Violation[] {
  const out: Violation[] = [];
  for (const [key, value] of Object.entries(m.map)) {
    const keyErrors = qualifiedNameErrors(key);
    const pointer = `${m.pointer}/${escapePointer(key)}`;
    if (keyErrors.length > 0)
      out.push({ message: `${kind} ${name}: ${m.what} key "${key}" is refused by the API server: ${keyErrors.join("; ")}`, path: pointer });
    const text = scalarText(value);
    const valueErrors = labelValueErrors(text);
    if (valueErrors.length > 0)
      out.push({ message: `${kind} ${name}: ${m.what} ${key}="${text}" has a value the API server refuses: ${valueErrors.join("; ")}`, path: pointer });
  }
  return out;
}

function expressionViolations(kind: string, name: string, e: Expression): Violation[] {
  const out: Violation[] = [];
  const key = scalarText(e.expression.key);
  const keyErrors = qualifiedNameErrors(key);
  if (keyErrors.length > 0)
    out.push({ message: `${kind} ${name}: selector key "${key}" is refused by the API server: ${keyErrors.join("; ")}`, path: `${e.pointer}/key` });
  if (["In", "NotIn"].includes(String(e.expression.operator)) && Array.isArray(e.expression.values)) {
    e.expression.values.forEach((v, i) => {
      const errors = labelValueErrors(String(v));
      if (errors.length > 0)
        out.push({
          message: `${kind} ${name}: selector value "${String(v)}" for ${key} is refused by the API server: ${errors.join("; ")}`,
          path: `${e.pointer}/values/${i}`,
        });
    });
  }
  return out;
}

/** ValidateAnnotations: every key is a qualified name (checked lower-cased); values are free text. */
function annotationKeyViolations(kind: string, name: string, annotations: unknown): Violation[] {
  if (!isMap(annotations)) return [];
  return Object.keys(annotations).flatMap((key) => {
    const errors = qualifiedNameErrors(key.toLowerCase());
    return errors.length === 0
      ? []
      : [
          {
            message: `${kind} ${name}: annotation key "${key}" is refused by the API server: ${errors.join("; ")}`,
            path: `/metadata/annotations/${escapePointer(key)}`,
          },
        ];
  });
}

export const rule: ObjectRule = {
  id: "api-label-syntax",
  title: "Label keys and values, selectors and annotation keys have the syntax and length the API server accepts",
  category: "reliability",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "A label value over 63 characters, a key with two slashes or an underscore at the start renders and passes a schema check, then the API server refuses the object at sync time. Built-in kinds have the labels of their pod templates and their selectors checked as well; custom resources only their own metadata.labels (their spec is validated by the CRD's schema only).",
  fix: "Label keys are [prefix/]name: an optional DNS-1123 subdomain prefix, then at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric; values are empty or the same form, at most 63 characters.",
  kinds: [],
  check(object) {
    const kind = String(object.kind);
    const name = String(object.metadata?.name ?? "");
    const { maps, expressions } = labelMaps(object);
    return [
      ...maps.flatMap((m) => mapViolations(kind, name, m)),
      ...expressions.flatMap((e) => expressionViolations(kind, name, e)),
      ...annotationKeyViolations(kind, name, object.metadata?.annotations),
    ];
  },
};
