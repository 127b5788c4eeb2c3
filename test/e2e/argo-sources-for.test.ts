// The Argo CD context renders only the Application sources that can decide a checked target's AppProject (those of
// the clusters where an Application deploys it): for those targets, every AppProject lookup is the one a context
// with every source rendered gives, and a plain manifest that no Application deploys starts no source render at all.
import { describe, expect, it } from "vitest";
import { resolveKustomize } from "../../scripts/lib/kustomize/resolve.ts";
import { kustomizeBuilder, type BuildFn } from "../../scripts/lib/kustomize/build.ts";
import { discoverTargets } from "../../scripts/lib/discover/discover.ts";
import { loadArgoContext } from "../../scripts/lib/render/application-sources.ts";
import { loadRenderedObjects, locate } from "../../scripts/lib/parse/rendered.ts";
import { applicationsDeploying } from "../../scripts/lib/argocd/cluster-model.ts";
import { findProject } from "../../scripts/lib/argocd/appproject.ts";
import { noCache } from "../../scripts/lib/render/cache.ts";
import { repoFiles } from "../../scripts/lib/repo/load.ts";
import { TOOLKIT_ROOT } from "../../scripts/lib/util/paths.ts";
import type { RenderedTarget } from "../../scripts/lib/types.ts";

const SLOW = 600_000;

describe("loadArgoContext", () => {
  it(
    "renders the sources of the clusters deploying the targets asked about, and finds the same AppProjects",
    async () => {
      const root = TOOLKIT_ROOT;
      const kustomize = await resolveKustomize({ root, env: process.env });
      const build = kustomizeBuilder(kustomize);
      let builds = 0;
      const counted: BuildFn = async (dir) => {
        builds++;
        return build(dir);
      };
      const targets = discoverTargets(root);
      const clusters: RenderedTarget[] = [];
      for (const target of targets.filter((t) => t.kind === "cluster")) {
        const out = await build(`${root}/${target.path}`);
        expect(out.ok).toBe(true);
        const objects = loadRenderedObjects(out.stdout).map((o) => locate(o, { configuredIn: [] }, `${target.path}/kustomization.yaml`));
        clusters.push({ target, status: "ok", objects, ms: 0, cached: false, findings: [] });
      }
      const options = {
        root,
        build: counted,
        cache: noCache(),
        kustomizeVersion: kustomize.version,
        jobs: 2,
        isTarget: (p: string) => targets.some((t) => t.path === p),
      };
      const games = targets.filter((t) => t.kind === "game").map((t) => t.path);
      const full = await loadArgoContext(clusters, repoFiles(root), options, games);
      const fullBuilds = builds;
      expect(fullBuilds).toBeGreaterThan(0);

      builds = 0;
      const plain = await loadArgoContext(clusters, repoFiles(root), options, [".cache/plain/deployments.yaml"]);
      expect(builds).toBe(0);
      expect(plain.sources.size).toBe(0);
      expect(plain.model).toEqual(full.model);

      const game = games.find((g) => applicationsDeploying(full.model, g).length > 0)!;
      builds = 0;
      const one = await loadArgoContext(clusters, repoFiles(root), options, [game]);
      expect(builds).toBeLessThanOrEqual(fullBuilds);
      for (const app of applicationsDeploying(one.model, game)) expect(findProject(app, one)).toEqual(findProject(app, full));
    },
    SLOW,
  );
});
