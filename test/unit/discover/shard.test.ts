import { describe, expect, it } from "vitest";
import { parseShard, shardOf } from "../../../scripts/lib/discover/shard.ts";
import type { Target } from "../../../scripts/lib/types.ts";

const game = (g: string, env: "development" | "staging" | "production"): Target => ({ path: `games/${g}/${env}`, kind: "game", game: g, environment: env });
const games = (n: number) => Array.from({ length: n }, (_, i) => `game-${i}`);

describe("shards", () => {
  it("parses i/n and refuses anything else", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/2", "3/2", "1/0", "1", "a/b", "1/2/3", "-1/2"]) expect(() => parseShard(bad), bad).toThrow(/--shard takes <i>\/<n>/);
  });

  it("keeps a game's environments together, spreads games evenly, and adding a game moves nothing else", () => {
    const before = new Map(games(200).map((g) => [g, shardOf(game(g, "production"), 4)]));
    for (const g of games(200)) for (const env of ["development", "staging"] as const) expect(shardOf(game(g, env), 4)).toBe(before.get(g));
    const sizes = [1, 2, 3, 4].map((i) => [...before.values()].filter((s) => s === i).length);
    for (const size of sizes) expect(size).toBeGreaterThan(30);
    const after = new Map(games(201).map((g) => [g, shardOf(game(g, "production"), 4)]));
    for (const [g, s] of before) expect(after.get(g)).toBe(s);
  });
});
