import type { ObjectRule } from "../../types.ts";
import { isClusterScoped } from "../../k8s/scope.ts";

export const rule: ObjectRule = {
  id: "tenancy-no-cluster-scoped",
  title: "Game targets contain no cluster-scoped objects",
  category: "tenancy",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "Cluster-scoped objects (Namespaces, ClusterRoles and their bindings, CRDs, webhooks, PriorityClasses, StorageClasses, PersistentVolumes...) act on every tenant at once; a game adding one can escalate privileges, intercept other games' requests or starve them.",
  fix: "Remove the object from the game folder; if the game truly needs it, the platform team adds it under base/ or clusters/ after review.",
  kinds: [],
  params: {
    extraClusterScopedKinds: { description: "Further kinds to treat as cluster-scoped (CRDs of cluster add-ons).", default: [] },
  },
  check(object, ctx) {
    if (ctx.target.kind !== "game") return [];
    if (!isClusterScoped(object.kind, ctx.params.extraClusterScopedKinds ?? [])) return [];
    return [
      {
        message: `${object.kind} ${object.metadata?.name ?? ""} is cluster-scoped; game ${ctx.target.game ?? ""} may only ship namespaced objects in its own namespace`,
        path: "/kind",
      },
    ];
  },
};
