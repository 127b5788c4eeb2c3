// The minimum every later stage relies on: an object is a mapping with a string apiVersion and kind, and a metadata
// mapping whose name and namespace (when set) are strings. Anything else becomes a finding and is held back from the
// schema and policy stages, which would otherwise have to guard every field access.
import type { Finding, LocatedObject, SourceLocation } from "../types.ts";

const isMapping = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** What makes `value` unusable as a Kubernetes object (with the JSON pointer of the field), or undefined when it is usable. */
export function objectShapeProblem(value: unknown): { message: string; path: string } | undefined {
  if (!isMapping(value)) return { message: `document is ${describe(value)}, not a mapping with apiVersion and kind`, path: "" };
  for (const field of ["apiVersion", "kind"] as const) {
    const v = value[field];
    if (v === undefined || v === null || v === "") return { message: `${field} is missing`, path: "" };
    if (typeof v !== "string") return { message: `${field} must be a string, not ${describe(v)}`, path: `/${field}` };
  }
  const metadata = value.metadata;
  if (metadata === undefined) return undefined;
  if (!isMapping(metadata)) return { message: `metadata must be a mapping, not ${describe(metadata)}`, path: "/metadata" };
  for (const field of ["name", "generateName", "namespace"] as const) {
    const v = metadata[field];
    if (v !== undefined && v !== null && typeof v !== "string")
      return { message: `metadata.${field} must be a string, not ${describe(v)}`, path: `/metadata/${field}` };
  }
  return undefined;
}

export const MALFORMED_OBJECT_RULE = "not-a-kubernetes-object";

export function malformedObjectFinding(problem: { message: string; path: string }, target: string, source: SourceLocation): Finding {
  return {
    ruleId: MALFORMED_OBJECT_RULE,
    category: "syntax",
    severity: "error",
    message: `not a usable Kubernetes object: ${problem.message}`,
    fix: "Give every object a string apiVersion and kind and a metadata mapping with a string name, or remove the document.",
    target,
    path: problem.path,
    source,
  };
}

/** Splits objects into those later stages can rely on and findings for the rest. */
export function screenObjects(
  objects: LocatedObject[],
  target: string,
  locate: (lo: LocatedObject, pointer: string) => SourceLocation,
): { usable: LocatedObject[]; findings: Finding[] } {
  const usable: LocatedObject[] = [];
  const findings: Finding[] = [];
  for (const lo of objects) {
    const problem = objectShapeProblem(lo.object);
    if (!problem) {
      usable.push(lo);
      continue;
    }
    let source: SourceLocation;
    try {
      source = locate(lo, problem.path);
    } catch {
      source = { file: lo.source.file, line: Math.max(lo.source.line, 1) };
    }
    findings.push(malformedObjectFinding(problem, target, source));
  }
  return { usable, findings };
}
