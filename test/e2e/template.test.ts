// The repository's own template, end to end with the real CLI and kustomize: it validates clean, new-game output
// validates for every tier, the Argo CD preview places the five example games, and misplacement is reported.
// Each full render costs seconds on a busy machine, so the runs here are few and each asserts a lot.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { discoverTargets } from "../../scripts/lib/discover/discover.ts";
import { gaia, PROJECT_ROOT } from "./repo.ts";
import { templateCopy as newTemplateCopy } from "./template-copy.ts";

const SLOW = 600_000;

let copies: string[] = [];
afterEach(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  copies = [];
});

/** A throw-away copy of the template, removed after the test. */
function templateCopy(): string {
  const copy = newTemplateCopy();
  copies.push(copy.root);
  return copy.root;
}

const validate = (root: string, paths: string[] = []) => gaia(["validate", "--root", root, "--format", "json", "--no-progress", ...paths], { cwd: root });
const errorsOf = (json: any) =>
  json.findings.filter((f: any) => f.severity === "error").map((f: any) => `${f.ruleId} ${f.source.file}:${f.source.line} ${f.message}`);

/** "name project path namespace" of every Application a cluster gets, for the games placed on it. */
function expectedApps(games: string[], env: string, projectTemplate: string): string[] {
  return games.flatMap((g) => [`game-${g} game-${g} games/${g}/${env} gaia-${g}`, `project-${g} platform ${projectTemplate} argocd`]).sort();
}

const ALL_GAMES = ["fitness-warriors", "samurai-honor", "santas-ar-adventure", "wizards-quest", "zombie-survival"];
const PRODUCTION = "clusters/_templates/game-project-production";

describe("the template", () => {
  it(
    "validates clean: every discovered target renders, zero errors",
    async () => {
      const r = await gaia(["validate", "--format", "json", "--no-progress"], { cwd: PROJECT_ROOT });
      expect(errorsOf(r.json ?? { findings: [] })).toEqual([]);
      expect(r.exitCode).toBe(0);
      const discovered = discoverTargets(PROJECT_ROOT)
        .map((t) => t.path)
        .sort();
      expect(discovered.length).toBeGreaterThanOrEqual(5 * 3 + 3 + 8);
      expect(r.json.targets.map((t: any) => t.path).sort()).toEqual(discovered);
      expect(r.json.targets.filter((t: any) => t.status !== "ok")).toEqual([]);
      expect(r.json.summary).toMatchObject({ targets: discovered.length, errors: 0 });
    },
    SLOW,
  );

  it(
    "previews the Applications of the five example games per cluster",
    async () => {
      const r = await gaia(["argocd", "preview", "--format", "json"]);
      expect(r.stderr).toBe("");
      expect(r.exitCode).toBe(0);
      const byCluster = Object.fromEntries(
        r.json.clusters.map((c: any) => [c.cluster, c.applications.map((a: any) => `${a.name} ${a.project} ${a.path} ${a.namespace}`)]),
      );
      expect(byCluster).toEqual({
        development: expectedApps(ALL_GAMES, "development", "clusters/_templates/game-project"),
        staging: expectedApps(ALL_GAMES, "staging", "clusters/_templates/game-project"),
        "production-us-east": expectedApps(["santas-ar-adventure", "wizards-quest", "zombie-survival"], "production", PRODUCTION),
        "production-eu-west": expectedApps(["santas-ar-adventure", "zombie-survival"], "production", PRODUCTION),
        "production-asia-pac": expectedApps(["samurai-honor"], "production", PRODUCTION),
        "production-fitness-warriors-us-east": expectedApps(["fitness-warriors"], "production", PRODUCTION),
        "production-fitness-warriors-eu-west": expectedApps(["fitness-warriors"], "production", PRODUCTION),
        "production-fitness-warriors-asia-pac": expectedApps(["fitness-warriors"], "production", PRODUCTION),
      });
      for (const c of r.json.clusters) {
        expect(c.errors).toEqual([]);
        for (const a of c.applications) {
          expect(a).toMatchObject({
            server: "https://kubernetes.default.svc",
            repoURL: "https://git.gaia.tech/platform/gaia-gitops.git",
            targetRevision: "main",
          });
          expect(a.sync).toMatch(/^auto/);
        }
      }
      const table = await gaia(["argocd", "preview", "--cluster", "production-asia-pac"]);
      expect(table.exitCode).toBe(0);
      expect(table.stdout).toMatch(/^cluster production-asia-pac: 2 applications from 2 ApplicationSets\nNAME +PROJECT +REPO +PATH/);
      expect(table.stdout).toMatch(/game-samurai-honor +game-samurai-honor +https:\S+ +games\/samurai-honor\/production +main/);
    },
    SLOW,
  );

  it(
    "scaffolds a game of every tier that validates at once and lands on the clusters of its regions; refusals write nothing",
    async () => {
      const root = templateCopy();
      for (const tier of ["indie", "growing", "viral"]) {
        const r = await gaia(["new-game", `new-${tier}`, "--tier", tier, "--regions", "us-east,eu-west", "--root", root]);
        expect([r.exitCode, r.stderr]).toEqual([0, ""]);
      }
      const gamesBefore = readdirSync(join(root, "games")).sort();
      const refused = await gaia(["new-game", "new-indie", "--tier", "indie", "--regions", "us-east"], { cwd: root });
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr).toBe('gaia: game "new-indie" already exists (games/new-indie/); pick another name\n');
      const badRegion = await gaia(["new-game", "new-other", "--tier", "indie", "--regions", "us-west"], { cwd: root });
      expect(badRegion.exitCode).toBe(2);
      expect(readdirSync(join(root, "games")).sort()).toEqual(gamesBefore);

      const v = await validate(root, ["games/new-indie", "games/new-growing", "games/new-viral"]);
      expect(errorsOf(v.json)).toEqual([]);
      expect(v.exitCode).toBe(0);
      expect(v.json.targets.map((t: any) => `${t.path} ${t.status}`)).toEqual(
        ["growing", "indie", "viral"].flatMap((t) => ["development", "production", "staging"].map((env) => `games/new-${t}/${env} ok`)),
      );

      const p = await gaia(["argocd", "preview", "--format", "json", "--root", root]);
      expect(p.exitCode).toBe(0);
      const gamesOn = (cluster: string) =>
        p.json.clusters
          .find((c: any) => c.cluster === cluster)
          .applications.map((a: any) => a.path)
          .filter((path: string) => path.startsWith("games/new-"));
      expect(gamesOn("production-us-east")).toEqual(["games/new-growing/production", "games/new-indie/production", "games/new-viral/production"]);
      expect(gamesOn("production-eu-west")).toEqual(["games/new-growing/production", "games/new-indie/production", "games/new-viral/production"]);
      expect(gamesOn("production-asia-pac")).toEqual([]);
      expect(gamesOn("production-fitness-warriors-us-east")).toEqual([]);
      expect(gamesOn("development")).toEqual(["games/new-growing/development", "games/new-indie/development", "games/new-viral/development"]);
    },
    SLOW,
  );

  it(
    "reports a game region without a cluster and a cluster whose games' quotas exceed its capacity",
    async () => {
      const root = templateCopy();
      rmSync(join(root, "clusters", "production-eu-west"), { recursive: true });
      const asia = join(root, "clusters", "production-asia-pac", "cluster.yaml");
      writeFileSync(asia, readFileSync(asia, "utf8").replace(/cpu: "\d+"/, 'cpu: "10"'));
      const v = await validate(root, ["games/zombie-survival/production", "games/samurai-honor/production"]);
      expect(v.exitCode).toBe(1);
      const capacity = v.json.findings.filter((f: any) => f.ruleId === "cluster-capacity-fits");
      expect(capacity).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            severity: "error",
            source: expect.objectContaining({ file: "games/zombie-survival/game.yaml" }),
            path: "/regions/1",
            message: expect.stringMatching(/game zombie-survival lists region eu-west, but no production cluster serves eu-west/),
          }),
          expect.objectContaining({
            severity: "error",
            source: expect.objectContaining({ file: "clusters/production-asia-pac/cluster.yaml" }),
            path: "/capacity/cpu",
            message: expect.stringMatching(/cluster production-asia-pac .* total cpu 48, above its capacity 10 \(biggest: samurai-honor 48\)/),
          }),
        ]),
      );
      expect(capacity.every((f: any) => /zombie-survival|samurai-honor|production-asia-pac/.test(f.message))).toBe(true);
    },
    SLOW,
  );

  it(
    "reads the game's AppProject from clusters/_templates/ after the ApplicationSet's patches, and its Pod Security level from managedNamespaceMetadata",
    async () => {
      const root = templateCopy();
      const secret = "apiVersion: v1\nkind: Secret\nmetadata: { name: api-key }\ntype: Opaque\n";
      for (const env of ["development", "production"]) {
        writeFileSync(join(root, "games", "samurai-honor", env, "api-key.yaml"), secret);
        const kustomization = join(root, "games", "samurai-honor", env, "kustomization.yaml");
        writeFileSync(kustomization, readFileSync(kustomization, "utf8").replace(/^resources:\n/m, "resources:\n  - api-key.yaml\n"));
      }
      // Production projects (and only they) now permit Secrets: the production game target must pass.
      const production = join(root, "clusters", "_templates", "game-project-production", "kustomization.yaml");
      writeFileSync(
        production,
        `${readFileSync(production, "utf8")}  - target:\n      kind: AppProject\n    patch: |-\n      - op: add\n        path: /spec/namespaceResourceWhitelist/-\n        value: { group: "", kind: Secret }\n`,
      );
      // Pod Security Admission: production-asia-pac's ApplicationSet now creates samurai-honor's namespace with
      // enforce: baseline, so a pod that may run as root passes there and stays an error in development.
      const appSets = join(root, "clusters", "production-asia-pac", "applicationsets.yaml");
      writeFileSync(
        appSets,
        readFileSync(appSets, "utf8").replace("pod-security.kubernetes.io/enforce: restricted", "pod-security.kubernetes.io/enforce: baseline"),
      );
      for (const env of ["development", "production"]) {
        const kustomization = join(root, "games", "samurai-honor", env, "kustomization.yaml");
        const rootPatch =
          "  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: { name: auth }\n      spec: { template: { spec: { securityContext: { runAsNonRoot: false } } } }\n";
        writeFileSync(kustomization, readFileSync(kustomization, "utf8").replace(/^patches:\n/m, `patches:\n${rootPatch}`));
      }
      const v = await validate(root);
      expect([
        ...new Set(v.json.findings.filter((f: any) => f.ruleId === "pss-run-as-non-root").map((f: any) => `${f.target} ${f.object.kind}/${f.object.name}`)),
      ]).toEqual(["games/samurai-honor/development Deployment/auth"]);
      const refusals = v.json.findings.filter((f: any) => f.ruleId === "argocd-appproject-permits");
      expect(refusals.map((f: any) => `${f.target} ${f.source.file}:${f.source.line} ${f.message}`)).toEqual([
        "games/samurai-honor/development games/samurai-honor/development/api-key.yaml:2 core/Secret is not permitted by AppProject game-samurai-honor (namespaceResourceWhitelist does not list it); Argo CD refuses the sync of Application game-samurai-honor (cluster development)",
      ]);
      expect(v.exitCode).toBe(1);
    },
    SLOW,
  );
});
