// One target of a game reports its game.yaml findings: the first rendered one by path, never a target that failed to
// render (it runs no rules, so its findings would be lost).
import { describe, expect, it } from "vitest";
import { ownsGameFile } from "../../../scripts/lib/policy/game-file-owner.ts";
import type { TargetContext } from "../../../scripts/lib/policy/types.ts";
import type { RenderedTarget } from "../../../scripts/lib/types.ts";

const target = (env: string, status: "ok" | "failed"): RenderedTarget => ({
  target: { path: `games/demo/${env}`, kind: "game", game: "demo", environment: env as "production" },
  status,
  objects: [],
  ms: 0,
  cached: false,
  findings: [],
});

const ctx = (env: string, targets: RenderedTarget[]) =>
  ({ target: targets.find((t) => t.target.path.endsWith(env))!.target, repo: { targets } }) as unknown as TargetContext;

describe("ownsGameFile", () => {
  it("is the first target by path", () => {
    const targets = [target("production", "ok"), target("development", "ok"), target("staging", "ok")];
    expect(["development", "production", "staging"].map((env) => ownsGameFile(ctx(env, targets), "demo"))).toEqual([true, false, false]);
  });

  it("passes over a target that failed to render", () => {
    const targets = [target("development", "failed"), target("production", "ok"), target("staging", "ok")];
    expect(["development", "production", "staging"].map((env) => ownsGameFile(ctx(env, targets), "demo"))).toEqual([false, true, false]);
  });
});
