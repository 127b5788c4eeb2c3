import { afterEach, describe, expect, it } from "vitest";
import { buildRepoContext } from "../../../scripts/lib/repo/load.ts";
import { LazySpecs } from "../../../scripts/lib/repo/lazy-specs.ts";
import type { Finding } from "../../../scripts/lib/types.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

describe("game.yaml / cluster.yaml read when asked for", () => {
  it("reads one spec for get/has, every spec for a listing, each once, and lists what an eager load would", () => {
    const reads: string[] = [];
    const specs = new LazySpecs<{ n: number }>(["a", "b", "broken", "c"], (name) => {
      reads.push(name);
      return name === "broken" ? undefined : { file: `games/${name}/game.yaml`, spec: { n: name.charCodeAt(0) } };
    });
    expect(specs.get("b")?.spec.n).toBe(98);
    expect(specs.has("broken")).toBe(false);
    expect(specs.has("nope")).toBe(false);
    expect(specs.get("b")?.file).toBe("games/b/game.yaml");
    expect(reads).toEqual(["b", "broken"]);
    expect([...specs.keys()]).toEqual(["a", "b", "c"]);
    expect(specs.size).toBe(3);
    expect([...specs].map(([k]) => k)).toEqual(["a", "b", "c"]);
    expect([...specs.values()].map((v) => v.spec.n)).toEqual([97, 98, 99]);
    const seen: string[] = [];
    specs.forEach((_, k) => seen.push(k));
    expect(seen).toEqual(["a", "b", "c"]);
    expect(reads.sort()).toEqual(["a", "b", "broken", "c"]);
  });

  it("in the repository context: one game's file parsed for one game, a broken one reported when read", () => {
    repo = tempRepo({
      "games/alpha/game.yaml": "tier: indie\n",
      "games/beta/game.yaml": "tier: a\ntier: b\n",
      "games/gamma/game.yaml": "- not a mapping\n",
    });
    const findings: Finding[] = [];
    const ctx = buildRepoContext(repo.root, [], findings);
    expect(ctx.games.get("alpha")?.spec).toEqual({ name: "alpha", tier: "indie" });
    expect(findings).toEqual([]);
    expect([...ctx.games.keys()]).toEqual(["alpha"]);
    expect(findings.map((f) => [f.ruleId, f.source.file])).toEqual([["yaml-duplicate-key", "games/beta/game.yaml"]]);
    expect(ctx.games.has("gamma")).toBe(false);
  });
});
