// game.yaml findings come from every target of a game; one target reports them so each appears once.
import type { TargetContext } from "./types.ts";

/**
 * Whether this target is the game's first rendered target (by path): the one that reports findings about its game.yaml.
 * Targets that failed to render run no rules, so they never own the file.
 */
export function ownsGameFile(ctx: TargetContext, game: string): boolean {
  const paths = ctx.repo.targets
    .filter((t) => t.target.game === game && t.status === "ok")
    .map((t) => t.target.path)
    .sort();
  return (paths[0] ?? ctx.target.path) === ctx.target.path;
}
