// --shard <i>/<n>: a stable partition of targets. A target's shard depends only on its own key (a game's folder for game
// targets, so a game's environments stay together; the target path otherwise), so adding a game moves only its targets.
import { createHash } from "node:crypto";
import type { Target } from "../types.ts";
import { UsageError } from "../util/errors.ts";

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard takes <i>/<n> with 1 ≤ i ≤ n (e.g. 1/4), not "${text}"`);
  return { index, count };
}

export function shardKey(target: Target): string {
  return target.kind === "game" && target.game ? `games/${target.game}` : target.path;
}

/** The 1-based shard a target belongs to among `count`. */
export function shardOf(target: Target, count: number): number {
  const hash = createHash("sha256").update(shardKey(target)).digest();
  return (hash.readUInt32BE(0) % count) + 1;
}

/** Shard 1 also checks the repository's own documents (game.yaml, cluster.yaml, policies); `report merge` runs the rest. */
export const ownsRepositoryChecks = (shard: Shard | undefined) => !shard || shard.index === 1;
