// Cluster targets a run does not check are rendered as context only: the missing ones, none that is refused, and
// without findings (a failed one is left out rather than reported).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { renderClusterContext } from "../../../scripts/lib/render/cluster-context.ts";
import { noCache } from "../../../scripts/lib/render/cache.ts";
import type { BuildFn } from "../../../scripts/lib/kustomize/build.ts";
import type { RenderedTarget, Target } from "../../../scripts/lib/types.ts";

let roots: string[] = [];
afterEach(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  roots = [];
});

function repo(folders: string[]): string {
  const root = mkdtempSync(join(tmpdir(), "gaia-cluster-context-"));
  roots.push(root);
  for (const f of folders) {
    mkdirSync(join(root, f), { recursive: true });
    writeFileSync(join(root, f, "kustomization.yaml"), "resources: []\n");
  }
  return root;
}

const cluster = (name: string): Target => ({ path: `clusters/${name}`, kind: "cluster", cluster: name });
const game: Target = { path: "games/demo/production", kind: "game", game: "demo", environment: "production" };
const rendered = (target: Target): RenderedTarget => ({ target, status: "ok", objects: [], ms: 0, cached: false, findings: [] });

describe("renderClusterContext", () => {
  it("renders only the cluster targets the run lacks, skips refused ones, and drops findings and failures", async () => {
    const root = repo(["clusters/a", "clusters/b", "clusters/c", "clusters/d", "games/demo/production"]);
    const built: string[] = [];
    const build: BuildFn = async (dir) => {
      built.push(basename(dir));
      return basename(dir) === "c"
        ? { ok: false, stdout: "", stderr: "Error: boom", exitCode: 1 }
        : { ok: true, stdout: `apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p-${basename(dir)}}\n`, stderr: "", exitCode: 0 };
    };
    const all = [cluster("a"), cluster("b"), cluster("c"), cluster("d"), game];
    const out = await renderClusterContext(all, [rendered(cluster("a")), rendered(game)], {
      root,
      build,
      cache: noCache(),
      kustomizeVersion: "v5.7.1",
      jobs: 1,
      refused: (targets) => new Set(targets.filter((t) => t.path === "clusters/d").map((t) => t.path)),
    });
    expect(built.sort()).toEqual(["b", "c"]);
    expect(out.map((rt) => rt.target.path)).toEqual(["clusters/b"]);
    expect(out[0].objects.map((lo) => lo.object.metadata?.name)).toEqual(["p-b"]);
    expect(out[0].findings).toEqual([]);
  });

  it("renders nothing when the run has every cluster target", async () => {
    const root = repo(["clusters/a"]);
    const never: BuildFn = async () => {
      throw new Error("must not build");
    };
    const opts = { root, build: never, cache: noCache(), kustomizeVersion: "v5.7.1", jobs: 1, refused: () => new Set<string>() };
    expect(await renderClusterContext([cluster("a"), game], [rendered(cluster("a"))], opts)).toEqual([]);
  });
});
