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
 * Assigns each object to the game target whose namespace it carries, and checks that the game's own kustomization
 * (named in the transformer annotations) touched it. Returns undefined when any object is ambiguous: the caller then
 * renders those targets one by one.
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
    const gameDirs = item.origin.configuredIn.filter((f) => f.startsWith("games/")).map((f) => f.split("/").slice(0, 2).join("/"));
    if (gameDirs.length === 0 || gameDirs.some((d) => d !== `games/${target.game}`)) return undefined;
    out.get(target.path)!.push(item);
  }
  for (const list of out.values()) if (list.length === 0) return undefined;
  return out;
}
