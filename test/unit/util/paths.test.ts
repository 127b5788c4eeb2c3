import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findRepoRoot, fromRepoPath, isInside, schemaPath, toRepoPath, TOOLKIT_ROOT } from "../../../scripts/lib/util/paths.ts";
import { runPool } from "../../../scripts/lib/util/pool.ts";
import { tail, ToolError } from "../../../scripts/lib/util/errors.ts";
import { tempRepo, type TempRepo } from "./temp-repo.ts";

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

describe("paths", () => {
  it("converts between absolute and repo-relative paths with forward slashes", () => {
    expect(toRepoPath("/r", "/r/games/demo/production")).toBe("games/demo/production");
    expect(toRepoPath("/r", "/r")).toBe(".");
    expect(toRepoPath("/r", "games/x")).toBe("games/x");
    expect(fromRepoPath("/r", "games/demo")).toBe(join("/r", "games", "demo"));
  });

  it("tells whether a path is inside the root", () => {
    expect(isInside("/r", "/r/a/b")).toBe(true);
    expect(isInside("/r", "/r")).toBe(true);
    expect(isInside("/r", "/other")).toBe(false);
    expect(isInside("/r", "/r2/x")).toBe(false);
  });

  it("finds the repository root from a folder below policies/", () => {
    repo = tempRepo({ "policies/config.yaml": "rules: {}\n" });
    mkdirSync(join(repo.root, "games", "demo", "production"), { recursive: true });
    expect(findRepoRoot(join(repo.root, "games", "demo", "production"))).toBe(repo.root);
  });

  it("prefers the validated repository's schema file and falls back to the toolkit's", () => {
    repo = tempRepo({ "schemas/game.schema.json": "{}" });
    expect(schemaPath(repo.root, "schemas/game.schema.json")).toBe(join(repo.root, "schemas", "game.schema.json"));
    expect(schemaPath(repo.root, "schemas/cluster.schema.json")).toBe(join(TOOLKIT_ROOT, "schemas", "cluster.schema.json"));
    expect(schemaPath(repo.root, "schemas/nope.schema.json")).toBeUndefined();
  });
});

describe("runPool", () => {
  it("runs every item with at most `limit` in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      inFlight--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it("handles an empty list", async () => {
    await expect(runPool([], 4, async () => undefined)).resolves.toBeUndefined();
  });
});

describe("errors", () => {
  it("ToolError carries the command, folder, exit code and stderr tail", () => {
    const e = new ToolError("kustomize build x", "/r", 1, "Error: boom");
    expect(e.message).toBe("kustomize build x failed (exit 1) in /r: Error: boom");
    expect(new ToolError("x", "/r", null, "").message).toContain("exit signal");
  });

  it("tail keeps the last lines", () => {
    expect(tail("a\nb\nc\nd\n", 2)).toBe("c\nd");
  });
});
