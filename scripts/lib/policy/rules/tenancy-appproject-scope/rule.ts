import type { ObjectRule, Violation } from "../../types.ts";
import { gameNamespace } from "../../k8s/namespaces.ts";

function isNamespaceEntry(entry: any): boolean {
  return entry && (entry.group ?? "") === "" && entry.kind === "Namespace";
}

export const rule: ObjectRule = {
  id: "tenancy-appproject-scope",
  title: "A game's Argo CD AppProject is pinned to the game's namespace",
  category: "tenancy",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "The AppProject is what Argo CD enforces at sync time, after review: a game project whose destinations allow other namespaces, whose cluster-resource whitelist allows cluster-scoped kinds, or whose sourceRepos is a wildcard lets a game deploy anywhere from anything.",
  fix: "For AppProject game-<g>: destinations [{namespace: gaia-<g>, server: ...}] only, clusterResourceWhitelist empty or [{group: '', kind: Namespace}], sourceRepos the platform repository URL(s) without '*'.",
  kinds: ["AppProject"],
  params: {
    projectPrefix: { description: "Name prefix of per-game AppProjects (game-<g>).", default: "game-" },
  },
  check(object, ctx) {
    const prefix = String(ctx.params.projectPrefix ?? "game-");
    const name = String(object.metadata?.name ?? "");
    if (!name.startsWith(prefix) || name.length === prefix.length) return [];
    return checkProject(name, name.slice(prefix.length), (object.spec as Record<string, any>) ?? {});
  },
};

function checkProject(name: string, game: string, spec: Record<string, any>): Violation[] {
  const own = gameNamespace(game);
  const out: Violation[] = [];
  (Array.isArray(spec.destinations) ? spec.destinations : []).forEach((d: any, i: number) => {
    const ns = d?.namespace;
    if (ns === own) return;
    const why =
      ns === undefined
        ? "no namespace (any namespace)"
        : /[*?[\]!]/.test(String(ns))
          ? `the pattern ${ns}, which matches namespaces other than ${own}`
          : `namespace ${ns}`;
    out.push({
      message: `AppProject ${name} allows destination ${why}; game ${game} may only deploy to ${own}`,
      path: `/spec/destinations/${i}${ns === undefined ? "" : "/namespace"}`,
    });
  });
  (Array.isArray(spec.clusterResourceWhitelist) ? spec.clusterResourceWhitelist : []).forEach((e: any, i: number) => {
    if (isNamespaceEntry(e)) return;
    out.push({
      message: `AppProject ${name} whitelists cluster-scoped ${e?.group || "core"}/${e?.kind ?? "?"}; a game project may allow at most {group: "", kind: Namespace}`,
      path: `/spec/clusterResourceWhitelist/${i}`,
    });
  });
  (Array.isArray(spec.sourceRepos) ? spec.sourceRepos : []).forEach((repo: unknown, i: number) => {
    if (typeof repo === "string" && !repo.includes("*")) return;
    out.push({
      message: `AppProject ${name} allows sourceRepos ${String(repo)}; pin the repository URL(s) the game deploys from`,
      path: `/spec/sourceRepos/${i}`,
    });
  });
  return out;
}
