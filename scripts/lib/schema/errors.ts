// Turns ajv errors into findings a person can act on: one per field, with "did you mean" for misspelt fields.
import type { ErrorObject } from "ajv";
import type { Finding, K8sObject } from "../types.ts";
import { objectRef } from "../types.ts";
import { ordinal } from "../util/display.ts";

/** How a list item reads in a message: by its name or port (as kubectl's field paths do), else by its position from one. */
function itemLabel(item: unknown, index: number): string {
  if (item && typeof item === "object" && !Array.isArray(item)) {
    const fields = item as Record<string, unknown>;
    for (const key of ["name", "mountPath", "containerPort", "port", "ip", "topologyKey"])
      if (typeof fields[key] === "string" || typeof fields[key] === "number") return `[${key}=${String(fields[key])}]`;
  }
  return `[${ordinal(index + 1)}]`;
}

/**
 * A JSON pointer as a reader writes the field: `spec.containers[name=web].ports[containerPort=8080].name`. List items
 * are named by their name or port in `value` (the object the pointer points into), else by position counted from one.
 */
export function humanPath(pointer: string, value?: unknown): string {
  if (!pointer) return "(root)";
  let node: unknown = value;
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node) && /^\d+$/.test(seg)) {
      out += itemLabel(node[Number(seg)], Number(seg));
      node = node[Number(seg)];
      continue;
    }
    if (/^\d+$/.test(seg) && node === undefined) out += `[${ordinal(Number(seg) + 1)}]`;
    else out = out ? `${out}.${seg}` : seg;
    node = node && typeof node === "object" ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return out;
}

function escapePointer(seg: string): string {
  return seg.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
  return dp[a.length][b.length];
}

export function closestName(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = editDistance(name, c);
    if (d < bestScore) [best, bestScore] = [c, d];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function typeAlternatives(errors: ErrorObject[], pointer: string): string | undefined {
  const types = errors.filter((e) => e.instancePath === pointer && e.keyword === "type").map((e) => String((e.params as any).type));
  return types.length ? [...new Set(types.flatMap((t) => t.split(",")))].join(" or ") : undefined;
}

interface Issue {
  ruleId: string;
  pointer: string;
  message: string;
  fix: string;
}

function describe(e: ErrorObject, all: ErrorObject[], object: unknown): Issue | undefined {
  const at = humanPath(e.instancePath, object);
  switch (e.keyword) {
    case "additionalProperties": {
      const field = String((e.params as any).additionalProperty);
      const known = Object.keys((e.parentSchema as any)?.properties ?? {});
      const guess = closestName(field, known);
      return {
        ruleId: "schema-unknown-field",
        pointer: `${e.instancePath}/${escapePointer(field)}`,
        message: `unknown field "${field}" in ${at}${guess ? ` (did you mean "${guess}"?)` : ""}`,
        fix: guess
          ? `Rename "${field}" to "${guess}".`
          : `Remove "${field}"; the API server rejects unknown fields (or ignores them silently, which is worse).`,
      };
    }
    case "required": {
      const field = String((e.params as any).missingProperty);
      return { ruleId: "schema-required", pointer: e.instancePath, message: `missing required field "${field}" in ${at}`, fix: `Add "${field}" to ${at}.` };
    }
    case "oneOf":
    case "anyOf": {
      const alts = typeAlternatives(all, e.instancePath);
      if (!alts) return undefined;
      return { ruleId: "schema-type", pointer: e.instancePath, message: `${at} must be ${alts}`, fix: `Write ${at} as ${alts}.` };
    }
    case "type": {
      const combined = all.some((o) => o.instancePath === e.instancePath && (o.keyword === "oneOf" || o.keyword === "anyOf"));
      if (combined) return undefined;
      const t = String((e.params as any).type);
      return {
        ruleId: "schema-type",
        pointer: e.instancePath,
        message: `${at} must be ${t.replace(",", " or ")}, not ${JSON.stringify(e.data)?.slice(0, 40)}`,
        fix: `Write ${at} as ${t}${t === "integer" ? " (no quotes, no decimals)" : ""}.`,
      };
    }
    case "enum":
      return {
        ruleId: "schema-invalid",
        pointer: e.instancePath,
        message: `${at} must be one of ${((e.params as any).allowedValues ?? []).join(", ")}`,
        fix: `Use one of the allowed values for ${at}.`,
      };
    case "if":
    case "not":
      return undefined;
    default:
      return { ruleId: "schema-invalid", pointer: e.instancePath, message: `${at} ${e.message ?? "is invalid"}`, fix: `Fix ${at} to match the API schema.` };
  }
}

const isNullSchema = (v: unknown) => !!v && typeof v === "object" && (v as { type?: unknown }).type === "null";

/**
 * Optional fields also accept null (`anyOf: [<schema>, {type: null}]` or `type: [t, "null"]`): that allowance is not
 * what a user should write instead, so its own failures are left out of the findings and "or null" out of messages.
 */
function isNullAllowance(e: ErrorObject): boolean {
  if (e.keyword === "type" && (e.params as { type?: unknown }).type === "null") return true;
  return e.keyword === "anyOf" && Array.isArray(e.schema) && e.schema.length === 2 && e.schema.some(isNullSchema);
}

function withoutNullType(e: ErrorObject): ErrorObject {
  if (e.keyword !== "type") return e;
  const t = (e.params as { type?: unknown }).type;
  const types = Array.isArray(t) ? t.map(String) : String(t).split(",");
  if (!types.includes("null") || types.length < 2) return e;
  return { ...e, params: { ...e.params, type: types.filter((x) => x !== "null").join(",") } };
}

/** Findings for one invalid object; the source line is resolved later from `path`. */
export function schemaFindings(object: K8sObject, rawErrors: ErrorObject[], target: string, sourceFile: string): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  const errors = rawErrors.filter((e) => !isNullAllowance(e)).map(withoutNullType);
  for (const e of errors) {
    const issue = describe(e, errors, object);
    if (!issue) continue;
    const key = `${issue.ruleId}\0${issue.pointer}\0${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      ruleId: issue.ruleId,
      category: "schema",
      severity: "error",
      message: `${object.kind} ${object.metadata?.name ?? ""}: ${issue.message}`,
      fix: issue.fix,
      target,
      object: objectRef(object),
      path: issue.pointer,
      source: { file: sourceFile, line: 0 },
    });
  }
  return out;
}

export function missingSchemaFinding(object: K8sObject, looked: string[], target: string, sourceFile: string): Finding {
  return {
    ruleId: "schema-missing",
    category: "schema",
    severity: "error",
    message: `no schema for ${object.apiVersion} ${object.kind} (looked in ${looked.join(", ")})`,
    fix: "Add the CRD manifest under schemas/crds/ and run `npm run schemas`, or list the kind under `schemas.skip` in policies/config.yaml.",
    target,
    object: objectRef(object),
    path: "",
    source: { file: sourceFile, line: 0 },
  };
}
