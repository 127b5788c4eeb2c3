import type { ObjectRule, Violation } from "../../types.ts";

/** Every store reference of an ExternalSecret, with its JSON pointer. */
function storeRefs(spec: Record<string, any>): Array<{ ref: any; pointer: string }> {
  const refs: Array<{ ref: any; pointer: string }> = [];
  if (spec.secretStoreRef) refs.push({ ref: spec.secretStoreRef, pointer: "/spec/secretStoreRef" });
  for (const key of ["data", "dataFrom"]) {
    (Array.isArray(spec[key]) ? spec[key] : []).forEach((item: any, i: number) => {
      if (item?.sourceRef?.storeRef) refs.push({ ref: item.sourceRef.storeRef, pointer: `/spec/${key}/${i}/sourceRef/storeRef` });
    });
  }
  return refs;
}

export const rule: ObjectRule = {
  id: "tenancy-no-cluster-secret-store",
  title: "Game ExternalSecrets read only their namespace's SecretStore",
  category: "tenancy",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "A ClusterSecretStore serves every namespace with the platform's credentials: a game's ExternalSecret pointing at one could copy any secret the platform can read into the game's namespace.",
  fix: "Reference the game namespace's own SecretStore (kind: SecretStore), which the platform scopes to the game's secret paths.",
  kinds: ["ExternalSecret"],
  check(object, ctx) {
    if (ctx.target.kind !== "game") return [];
    const out: Violation[] = [];
    for (const { ref, pointer } of storeRefs((object.spec ?? {}) as Record<string, any>)) {
      if (ref?.kind === "ClusterSecretStore")
        out.push({
          message: `ExternalSecret ${object.metadata.name} reads from ClusterSecretStore "${ref.name}", which is shared by every namespace`,
          path: `${pointer}/kind`,
        });
    }
    return out;
  },
};
