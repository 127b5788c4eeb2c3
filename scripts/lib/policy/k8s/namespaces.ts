// Game namespaces: a game `g` lives in namespace `gaia-g`, and nothing of it may live anywhere else.
import type { Target } from "../../types.ts";

export const GAME_NAMESPACE_PREFIX = "gaia-";

export function gameNamespace(game: string): string {
  return `${GAME_NAMESPACE_PREFIX}${game}`;
}

/** The game a namespace belongs to, for namespaces named gaia-<game>. */
export function gameOfNamespace(namespace: string | undefined): string | undefined {
  return namespace?.startsWith(GAME_NAMESPACE_PREFIX) && namespace.length > GAME_NAMESPACE_PREFIX.length
    ? namespace.slice(GAME_NAMESPACE_PREFIX.length)
    : undefined;
}

/** Namespace assumed for objects of a target that carry none (kustomize's `namespace:` normally sets it). */
export function defaultNamespace(target: Target): string {
  return target.game ? gameNamespace(target.game) : "default";
}
