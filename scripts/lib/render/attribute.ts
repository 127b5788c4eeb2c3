// Splits a batched render (many game targets in one kustomize process) back into per-target objects, exactly or not at all.
import type { K8sObject, Target } from "../types.ts";
import type { OriginDetails } from "../parse/rendered.ts";

export interface Attributed {
  object: K8sObject;
  origin: OriginDetails;
}

/** The namespace a game target must render into. */
export function gameNamespace(game: string): string {
  return `gaia-${game}`;
}

/**
 * Assigns each object to the game target whose namespace it carries. Exact because a batchable game kustomization pins
 * `namespace: gaia-<game>` and has no replacements or plugins, and kustomize applies the namespace after patches and
 * components. Returns undefined when any object is ambiguous (cluster-scoped, foreign namespace) or a target got nothing:
 * the caller then renders those targets one by one.
 */
export function attributeBatch(targets: Target[], items: Attributed[]): Map<string, Attributed[]> | undefined {
  const byNamespace = new Map<string, Target>();
  for (const t of targets) {
    if (t.kind !== "game" || !t.game) return undefined;
    byNamespace.set(gameNamespace(t.game), t);
  }
  const out = new Map<string, Attributed[]>(targets.map((t) => [t.path, []]));
  for (const item of items) {
    const ns = item.object.metadata?.namespace;
    const target = ns ? byNamespace.get(ns) : undefined;
    if (!target) return undefined;
    const gameFile = item.origin.file?.startsWith("games/") ? item.origin.file.split("/")[1] : undefined;
    if (gameFile && gameFile !== target.game) return undefined;
    out.get(target.path)!.push(item);
  }
  for (const list of out.values()) if (list.length === 0) return undefined;
  return out;
}
