// Waivers: time-boxed exceptions (policies/exceptions.yaml) and the opt-out annotation, applied to findings; and the
// exceptions' own bookkeeping (expired always, unused only when every finding of the repository was seen).
import type { Finding } from "../types.ts";
import type { PolicyConfig } from "./config.ts";
import { exceptionMatches, expiredFinding, isExpired, unusedFinding, type PolicyException } from "./exceptions.ts";
import { IGNORE_ANNOTATION, ignoredRules } from "./ignore.ts";

/** A rule's finding before waivers, with what waivers match on besides the finding. */
export interface Candidate {
  finding: Finding;
  /** The game of the finding's target, if it has one. */
  game?: string;
  /** The object's gaia.tech/ignore annotation. */
  ignore?: unknown;
}

export interface Waived {
  findings: Finding[];
  used: Set<PolicyException>;
}

export function applyWaivers(candidates: Candidate[], exceptions: PolicyException[], config: PolicyConfig, today: string): Waived {
  const out: Finding[] = [];
  const used = new Set<PolicyException>();
  const active = exceptions.filter((e) => !isExpired(e, today));
  for (const { finding: f, game: targetGame, ignore } of candidates) {
    const game = targetGame ?? (f.object?.namespace?.startsWith("gaia-") ? f.object.namespace.slice(5) : undefined);
    const waiver = active.find((e) => exceptionMatches(e, f, game));
    if (waiver) {
      used.add(waiver);
      continue;
    }
    if (ignoredRules(ignore).includes(f.ruleId)) {
      const allowed = config.rules[f.ruleId]?.allowIgnoreAnnotation === true;
      out.push({
        ...f,
        ruleId: allowed ? "ignored-by-annotation" : "ignore-annotation-not-allowed",
        category: "config",
        severity: allowed ? "info" : "warning",
        message: allowed
          ? `${f.ruleId} silenced by ${IGNORE_ANNOTATION}: ${f.message}`
          : `${IGNORE_ANNOTATION} cannot silence ${f.ruleId} (policies/config.yaml does not allow it)`,
      });
      if (allowed) continue;
    }
    out.push(f);
  }
  return { findings: out, used };
}

/** Expired exceptions, and (when `complete`: every finding of the repository went through the waivers) unused ones. */
export function exceptionFindings(exceptions: PolicyException[], isUsed: (e: PolicyException) => boolean, today: string, complete: boolean): Finding[] {
  const out: Finding[] = [];
  for (const e of exceptions) {
    if (isExpired(e, today)) out.push(expiredFinding(e, today));
    else if (complete && !isUsed(e)) out.push(unusedFinding(e));
  }
  return out;
}

/** How a report names an exception it used: its line in policies/exceptions.yaml. */
export const exceptionKey = (e: PolicyException): string => `${e.source?.file ?? "policies/exceptions.yaml"}:${e.source?.line ?? 0}`;
