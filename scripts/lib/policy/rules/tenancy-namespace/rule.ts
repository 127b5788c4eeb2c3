import type { ObjectRule } from "../../types.ts";
import { gameNamespace } from "../../k8s/namespaces.ts";
import { isClusterScoped } from "../../k8s/scope.ts";

export const rule: ObjectRule = {
  id: "tenancy-namespace",
  title: "Objects rendered from a game live in the game's namespace",
  category: "tenancy",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "A game's pull request may only change its own namespace gaia-<game>; an object without a namespace lands wherever Argo CD points, and one with another namespace edits another game or the platform.",
  fix: "Set `namespace: gaia-<game>` in the game's kustomization (kustomize applies it to every object) and remove explicit metadata.namespace values that differ.",
  kinds: [],
  params: {
    extraClusterScopedKinds: { description: "Further cluster-scoped kinds (left to tenancy-no-cluster-scoped).", default: [] },
  },
  covers: { kubeLinter: ["use-namespace"] },
  stricter: {
    kubeLinter: {
      "use-namespace": "Requires the game's own namespace gaia-<game>; kube-linter flags only objects with no namespace or the default one.",
    },
  },
  check(object, ctx) {
    if (ctx.target.kind !== "game" || !ctx.target.game) return [];
    if (isClusterScoped(object.kind, ctx.params.extraClusterScopedKinds ?? [])) return [];
    const want = gameNamespace(ctx.target.game);
    const ns = object.metadata?.namespace;
    const what = `${object.kind} ${object.metadata?.name ?? ""}`.trim();
    if (!ns) return [{ message: `${what} rendered from game ${ctx.target.game} has no namespace; it must be in ${want}`, path: "/metadata" }];
    if (ns !== want)
      return [
        { message: `${what} rendered from game ${ctx.target.game} is in namespace ${ns}; a game may only deploy to ${want}`, path: "/metadata/namespace" },
      ];
    return [];
  },
};
