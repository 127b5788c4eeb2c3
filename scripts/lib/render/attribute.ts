// Splits a batched render (many game targets in one kustomize process) back into per-target objects, exactly or not at all.
import type { K8sObject, Target } from "../types.ts";
import type { OriginDetails } from "../parse/rendered.ts";

export interface Attributed {
  object: K8sObject;
  origin: OriginDetails;
  /** Path of the target a batch-member token named (batch-members.ts): a cluster-scoped object's owner. */
  member?: string;
}

/** The namespace a game target must render into. */
export function gameNamespace(game: string): string {
  return `gaia-${game}`;
}

/** The namespace that tells which game target rendered the object: its own, or a Namespace object's name. */
function ownerNamespace(object: K8sObject): string | undefined {
  const ns = object.metadata?.namespace;
  if (ns) return ns;
  return object.kind === "Namespace" && object.apiVersion === "v1" && typeof object.metadata?.name === "string" ? object.metadata.name : undefined;
}

/**
 * Assigns each object to the game target whose namespace it carries, or whose batch-member token its name carried.
 * Exact because a batchable game kustomization pins `namespace: gaia-<game>` and has no replacements or plugins, and
 * kustomize applies the namespace after patches and components. A Namespace object is exact too: the same transformer
 * renames every Namespace of the target to that namespace. Returns undefined when any object is ambiguous (a
 * cluster-scoped object without a member token, a foreign namespace) or a target got nothing: the caller then renders
 * those targets one by one.
 */
export function attributeBatch(targets: Target[], items: Attributed[]): Map<string, Attributed[]> | undefined {
  const byNamespace = new Map<string, Target>();
  for (const t of targets) {
    if (t.kind !== "game" || !t.game) return undefined;
    byNamespace.set(gameNamespace(t.game), t);
  }
  const out = new Map<string, Attributed[]>(targets.map((t) => [t.path, []]));
  for (const item of items) {
    const target = item.member !== undefined ? targets.find((t) => t.path === item.member) : byNamespace.get(ownerNamespace(item.object) ?? "");
    if (!target) return undefined;
    const gameFile = item.origin.file?.startsWith("games/") ? item.origin.file.split("/")[1] : undefined;
    if (gameFile && gameFile !== target.game) return undefined;
    out.get(target.path)!.push(item);
  }
  for (const list of out.values()) if (list.length === 0) return undefined;
  return out;
}
