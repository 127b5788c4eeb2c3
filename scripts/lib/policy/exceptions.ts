// policies/exceptions.yaml: time-boxed, owned, reasoned waivers. Expired or unused waivers are findings themselves.
import type { Finding } from "../types.ts";

export interface PolicyException {
  rule: string;
  match: { game?: string; namespace?: string; kind?: string; name?: string; target?: string };
  reason: string;
  owner: string;
  /** YYYY-MM-DD; the exception stops applying after this day. */
  expires: string;
  /** Set by the loader: where the exception is written. */
  source?: { file: string; line: number };
}

export function isExpired(e: PolicyException, today: string): boolean {
  return String(e.expires) < today;
}

export function exceptionMatches(e: PolicyException, f: Finding, game: string | undefined): boolean {
  if (e.rule !== f.ruleId && e.rule !== "*") return false;
  const m = e.match ?? {};
  if (m.game && m.game !== game) return false;
  if (m.namespace && m.namespace !== f.object?.namespace) return false;
  if (m.kind && m.kind !== f.object?.kind) return false;
  if (m.name && m.name !== f.object?.name) return false;
  if (m.target && m.target !== f.target) return false;
  return true;
}

export function expiredFinding(e: PolicyException, today: string): Finding {
  return {
    ruleId: "exception-expired",
    category: "config",
    severity: "error",
    message: `exception for ${e.rule} (owner ${e.owner}) expired on ${e.expires}; the findings it waived are reported again`,
    fix: `Fix what the exception waived, or renew it with a new date and reason after review (today is ${today}).`,
    target: "",
    path: "",
    source: e.source ?? { file: "policies/exceptions.yaml", line: 1 },
  };
}

export function unusedFinding(e: PolicyException): Finding {
  return {
    ruleId: "exception-unused",
    category: "config",
    severity: "warning",
    message: `exception for ${e.rule} (owner ${e.owner}) matches no finding`,
    fix: "Delete the exception: what it waived is fixed or no longer exists.",
    target: "",
    path: "",
    source: e.source ?? { file: "policies/exceptions.yaml", line: 1 },
  };
}
