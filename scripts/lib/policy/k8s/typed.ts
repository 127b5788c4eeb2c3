// Typed views of parsed objects with kubernetes-types. The values come from YAML and may have any shape, so a view
// tells the compiler which fields exist, not that they are well formed: lists still go through `listOf`, and
// scalars are checked where a rule relies on their type.
import type { K8sObject } from "../../types.ts";

/** The object's spec as the API type `T` describes it; an empty spec when it is missing or not a mapping. */
export function specOf<T extends object>(object: K8sObject): Partial<T> {
  const spec = object.spec;
  return spec && typeof spec === "object" && !Array.isArray(spec) ? spec : {};
}

/** Any top-level field of the object (roleRef, rules, data) as the API type `T` describes it, or undefined when it is not a mapping. */
export function fieldOf<T extends object>(object: K8sObject, field: string): Partial<T> | undefined {
  const value = (object as Record<string, unknown>)[field];
  return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
}

/** A list field; anything that is not a list (missing, null, a mapping written by mistake) reads as empty. */
export function listOf<T>(value: readonly T[] | undefined | null): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
