import type { ObjectRule, Violation } from "../../types.ts";
import { ROLE_KINDS, rulesOf } from "../../k8s/rbac.ts";
import { ordinal } from "../../../util/display.ts";

const FIELDS = ["verbs", "resources", "apiGroups"] as const;

export const rule: ObjectRule = {
  id: "rbac-no-wildcards",
  title: "No wildcards in Role and ClusterRole rules",
  category: "security",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "A `*` grants every current and future verb, resource or API group, including CRDs installed later (and secrets, escalate, impersonate); the grant silently grows with the cluster.",
  fix: "List the exact apiGroups, resources and verbs the subject needs.",
  kinds: ROLE_KINDS,
  covers: { kubeLinter: ["wildcard-in-rules"] },
  check(object) {
    const out: Violation[] = [];
    rulesOf(object).forEach((r, i) => {
      for (const field of FIELDS) {
        const values = (r as any)[field];
        if (!Array.isArray(values)) continue;
        const at = values.indexOf("*");
        if (at >= 0)
          out.push({
            message: `${object.kind} "${object.metadata?.name}": its ${ordinal(i + 1)} rule uses "*" in ${field}`,
            path: `/rules/${i}/${field}/${at}`,
          });
      }
    });
    return out;
  },
};
