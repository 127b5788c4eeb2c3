import type { TargetRule, Violation } from "../../types.ts";
import { defaultNamespace, gameNamespace, gameOfNamespace, GAME_NAMESPACE_PREFIX } from "../../k8s/namespaces.ts";
import { isEmptySelector, matchesSelector, type LabelSelector } from "../../k8s/selectors.ts";
import { NAMESPACE_NAME_LABEL } from "../../../network/endpoints.ts";
import { policyView, type Direction } from "../../../network/policies.ts";

/** A namespace name no real game has: stands for "some other game" when a selector matches it. */
const SOME_OTHER_GAME = `${GAME_NAMESPACE_PREFIX}some-other-game`;

function mentionedNamespaces(selector: LabelSelector): string[] {
  const values = [...Object.values(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).flatMap((e) => e.values ?? [])];
  return values.filter((v) => typeof v === "string" && v.startsWith(GAME_NAMESPACE_PREFIX));
}

/** Other games' namespaces a namespaceSelector admits, judged by their kubernetes.io/metadata.name label. */
export function otherGameNamespaces(selector: LabelSelector, own: string, knownGames: string[]): string[] {
  // When the repository's games are known, a gaia-* name that is none of them is a platform namespace, not a game.
  const mentioned = mentionedNamespaces(selector).filter((ns) => knownGames.length === 0 || knownGames.includes(gameOfNamespace(ns) ?? ""));
  const candidates = new Set([...mentioned, ...knownGames.map(gameNamespace), SOME_OTHER_GAME]);
  candidates.delete(own);
  return [...candidates].filter((ns) => matchesSelector(selector, { [NAMESPACE_NAME_LABEL]: ns }));
}

/**
 * `otherGameNamespaces` over the repository's games, asking about one game only when the selector names a single
 * namespace by its kubernetes.io/metadata.name label (the usual case): only that namespace can match it then.
 */
export function admittedOtherGames(selector: LabelSelector, own: string, games: ReadonlyMap<string, unknown>): string[] {
  const pinned = selector.matchLabels?.[NAMESPACE_NAME_LABEL];
  const isGame = typeof pinned === "string" && pinned.startsWith(GAME_NAMESPACE_PREFIX);
  if (typeof pinned === "string" && (!isGame || pinned === SOME_OTHER_GAME || games.has(gameOfNamespace(pinned) ?? "")))
    return isGame && pinned !== own && matchesSelector(selector, { [NAMESPACE_NAME_LABEL]: pinned }) ? [pinned] : [];
  return otherGameNamespaces(selector, own, [...games.keys()]);
}

export const rule: TargetRule = {
  id: "network-no-cross-game",
  title: "No NetworkPolicy opens traffic between different games' namespaces",
  category: "network",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "Games are separate tenants: a NetworkPolicy in gaia-<g> that admits or targets another game's namespace (by name, or through an empty namespaceSelector that means every namespace) lets one game's pods reach another's.",
  fix: "Name only the game's own namespace (kubernetes.io/metadata.name: gaia-<game>) or the platform namespaces (ingress-nginx, monitoring, kube-system) in namespaceSelectors; never use an empty namespaceSelector.",
  kinds: ["NetworkPolicy"],
  check(ctx) {
    const fallback = defaultNamespace(ctx.target);
    const out: Violation[] = [];
    for (const { object } of ctx.objects) {
      if (object.kind !== "NetworkPolicy") continue;
      const policy = policyView(object, fallback);
      const game = gameOfNamespace(policy.namespace);
      // Only game namespaces: the target's own game or a game of the repository (gaia-<env> platform namespaces are not games).
      if (!game || (game !== ctx.target.game && !ctx.repo.games.has(game))) continue;
      for (const direction of ["ingress", "egress"] as Direction[]) {
        const key = direction === "ingress" ? "from" : "to";
        const verb = direction === "ingress" ? "admits traffic from" : "sends traffic to";
        for (const r of policy.rules[direction]) {
          (r.peers ?? []).forEach((peer, i) => {
            if (!peer.namespaceSelector || peer.ipBlock) return;
            const path = `${r.pointer}/${key}/${i}/namespaceSelector`;
            if (isEmptySelector(peer.namespaceSelector)) {
              out.push({
                message: `NetworkPolicy ${policy.name} in ${policy.namespace} ${verb} every namespace (empty namespaceSelector), including other games' namespaces`,
                object,
                path,
              });
              return;
            }
            const others = admittedOtherGames(peer.namespaceSelector, policy.namespace, ctx.repo.games);
            if (others.length === 0) return;
            const named = others.filter((ns) => ns !== SOME_OTHER_GAME);
            const which = [...named, ...(others.includes(SOME_OTHER_GAME) ? ["any other game's namespace"] : [])].join(" and ");
            out.push({
              message: `NetworkPolicy ${policy.name} in ${policy.namespace} ${verb} ${which} (namespaceSelector ${JSON.stringify(peer.namespaceSelector)})`,
              object,
              path,
            });
          });
        }
      }
    }
    return out;
  },
};
