import type { ObjectRule, Violation } from "../../types.ts";

export const rule: ObjectRule = {
  id: "no-plaintext-secrets",
  title: "No Secret values in git",
  category: "security",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "Secret data is only base64-encoded: anyone who can read the repository, its forks or CI logs can read the value, and it stays in git history after rotation.",
  fix: "Store the value in the environment's secret manager and declare an ExternalSecret (external-secrets.io/v1beta1) against the environment's SecretStore, or commit a SealedSecret.",
  kinds: ["Secret"],
  covers: {},
  check(object) {
    const out: Violation[] = [];
    for (const field of ["data", "stringData"] as const) {
      const value = (object as any)[field];
      if (!value || typeof value !== "object") continue;
      const keys = Object.keys(value);
      if (keys.length === 0) continue;
      // Keys only: the message must never repeat the secret values themselves.
      out.push({ message: `Secret "${object.metadata?.name}" carries ${field} in git (keys: ${keys.join(", ")})`, path: `/${field}` });
    }
    return out;
  },
};
