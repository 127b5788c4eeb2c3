// A check that throws is a bug in gaia (or in a custom rule), never a reason to stop the run: it becomes a finding that
// names the check and the object, and every other check still runs.
import type { Finding, K8sObject, SourceLocation } from "../types.ts";
import { objectRef } from "../types.ts";

export const CRASH_RULE = "check-crashed";

function objectLabel(object: K8sObject | undefined): string {
  if (!object) return "";
  const name = typeof object.metadata?.name === "string" ? object.metadata.name : "(unnamed)";
  return ` on ${String(object.kind)} ${name}`;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export function crashFinding(check: string, err: unknown, object: K8sObject | undefined, target: string, source: SourceLocation): Finding {
  return {
    ruleId: CRASH_RULE,
    category: "config",
    severity: "error",
    message: `${check} failed${objectLabel(object)}: ${errorText(err)}`,
    fix: `The object was not fully checked. Fix the field types the message names; if the object is well-formed, this is a bug in ${check} (run with GAIA_DEBUG=1 to see the stack).`,
    target,
    ...(object ? { object: objectRef(object) } : {}),
    path: "",
    source: { file: source.file, line: Math.max(source.line, 1) },
  };
}
