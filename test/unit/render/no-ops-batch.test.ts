// No-op probes of game targets share kustomize processes (real kustomize): a no-op in one game of a batch is found at
// its line while the other games stay quiet, and a batch that cannot be split back by namespace is probed folder by folder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { discoverTargets } from "../../../scripts/lib/discover/discover.ts";
import { kustomizeBuilder, type BuildFn } from "../../../scripts/lib/kustomize/build.ts";
import { resolveKustomize, type Kustomize } from "../../../scripts/lib/kustomize/resolve.ts";
import { SourceLocator } from "../../../scripts/lib/parse/locate.ts";
import { diskCache, noCache, type RenderCache } from "../../../scripts/lib/render/cache.ts";
import { kustomizationFolders, noOpFindings } from "../../../scripts/lib/render/no-ops.ts";
import { createFileHasher, inputClosure } from "../../../scripts/lib/render/closure.ts";
import { fromRepoPath } from "../../../scripts/lib/util/paths.ts";
import { KUSTOMIZATION, tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
let kustomize: Kustomize;
beforeAll(async () => {
  kustomize = await resolveKustomize({ root: process.cwd(), env: process.env });
});
afterEach(() => repo?.dispose());

/** A game target: a Deployment, a patch that selects it, an images entry that matches it, and `extra` patches. */
const game = (name: string, extraPatches = "") => ({
  [`games/${name}/production/kustomization.yaml`]: KUSTOMIZATION(
    [
      `namespace: gaia-${name}`, // 3
      "resources:",
      "  - deploy.yaml",
      "images:",
      "  - name: nginx", // 7
      '    newTag: "1.27"',
      "patches:",
      "  - target:", // 10
      "      kind: Deployment",
      `      name: ${name}`,
      "    patch: |-",
      "      - op: replace",
      "        path: /spec/replicas",
      "        value: 2",
      extraPatches,
    ].join("\n"),
  ),
  [`games/${name}/production/deploy.yaml`]: [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    "  selector:",
    `    matchLabels: { app: ${name} }`,
    "  template:",
    `    metadata: { labels: { app: ${name} } }`,
    "    spec:",
    "      containers:",
    "        - name: web",
    "          image: nginx",
    "",
  ].join("\n"),
});

const NO_OP_PATCH = [
  "  - target:",
  "      kind: Deployment",
  "      name: missing",
  "    patch: |-",
  "      - op: replace",
  "        path: /spec/replicas",
  "        value: 3",
  "",
].join("\n");

/** The real kustomize without load restrictor (as the CLI probes), each build's folder recorded. */
function recordingBuild(): { build: BuildFn; calls: string[] } {
  const calls: string[] = [];
  const real = kustomizeBuilder(kustomize, ["--load-restrictor", "LoadRestrictionsNone"]);
  return { calls, build: (dir) => (calls.push(dir), real(dir)) };
}

async function probeAll(build: BuildFn, batch = true, cache: RenderCache = noCache()) {
  const targets = discoverTargets(repo.root);
  const locator = new SourceLocator(repo.root);
  const findings = await noOpFindings(kustomizationFolders(targets.map((t) => inputClosure(fromRepoPath(repo.root, t.path), repo.root))), {
    root: repo.root,
    build,
    jobs: 1,
    cache,
    kustomizeVersion: kustomize.version,
    hasher: createFileHasher(),
    lineOf: (file, pointer) => ({ file, line: locator.lineIn(file, pointer)?.line ?? 1 }),
    targets,
    batch,
  });
  return findings.map((f) => `${f.target} ${f.source.file}:${f.source.line} ${f.path}`).sort();
}

describe("batched no-op probes", () => {
  it("find a no-op in one game of a batch at its line, the other games of the same build staying quiet", async () => {
    repo = tempRepo({ ...game("a"), ...game("b", NO_OP_PATCH), ...game("c") });
    const { build, calls } = recordingBuild();
    expect(await probeAll(build)).toEqual(["games/b/production games/b/production/kustomization.yaml:17 /patches/1"]);
    expect(calls).toHaveLength(1);
    const unbatched = recordingBuild();
    expect(await probeAll(unbatched.build, false)).toEqual(["games/b/production games/b/production/kustomization.yaml:17 /patches/1"]);
    expect(unbatched.calls).toHaveLength(3);
  });

  it("keep each folder's verdict in the cache: a warm run builds no probe", async () => {
    repo = tempRepo({ ...game("a"), ...game("b", NO_OP_PATCH), ...game("c") });
    const cache = diskCache(join(repo.root, ".cache", "render"));
    const cold = recordingBuild();
    expect(await probeAll(cold.build, true, cache)).toEqual(["games/b/production games/b/production/kustomization.yaml:17 /patches/1"]);
    expect(cold.calls).toHaveLength(1);
    const warm = recordingBuild();
    expect(await probeAll(warm.build, true, cache)).toEqual(["games/b/production games/b/production/kustomization.yaml:17 /patches/1"]);
    expect(warm.calls).toEqual([]);
  });

  it("give a cluster-scoped object declared in the closure back to its game: one build for the batch", async () => {
    repo = tempRepo({ ...game("a"), ...game("b", NO_OP_PATCH), ...game("c") });
    repo.write("games/c/production/role.yaml", "apiVersion: v1\nkind: Node\nmetadata:\n  name: reader\n");
    const kfile = "games/c/production/kustomization.yaml";
    repo.write(kfile, readFileSync(join(repo.root, kfile), "utf8").replace("  - deploy.yaml", "  - deploy.yaml\n  - role.yaml"));
    const { build, calls } = recordingBuild();
    expect(await probeAll(build)).toEqual(["games/b/production games/b/production/kustomization.yaml:17 /patches/1"]);
    expect(calls).toHaveLength(1);
  });

  it("probe folder by folder, with the same verdicts, when the batch cannot be split back by namespace", async () => {
    repo = tempRepo({ ...game("a"), ...game("b", NO_OP_PATCH), ...game("c") });
    // A cluster-scoped object whose kind no YAML line of the closure names carries neither a namespace nor a member token.
    repo.write("games/c/production/role.json", '{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "reader"}}\n');
    const kfile = "games/c/production/kustomization.yaml";
    repo.write(kfile, readFileSync(join(repo.root, kfile), "utf8").replace("  - deploy.yaml", "  - deploy.yaml\n  - role.json"));
    const { build, calls } = recordingBuild();
    expect(await probeAll(build)).toEqual(["games/b/production games/b/production/kustomization.yaml:17 /patches/1"]);
    expect(calls).toHaveLength(4);
  });

  it("probe folder by folder when the batch build fails, still finding the no-op", async () => {
    repo = tempRepo({ ...game("a"), ...game("b", NO_OP_PATCH), ...game("c") });
    const { build, calls } = recordingBuild();
    const failingBatch: BuildFn = async (dir) =>
      /\/k$/.test(dir) ? build(dir) : (calls.push(dir), { ok: false, stdout: "", stderr: "Error: boom", exitCode: 1 });
    expect(await probeAll(failingBatch)).toEqual(["games/b/production games/b/production/kustomization.yaml:17 /patches/1"]);
    expect(calls).toHaveLength(4);
  });
});
