// A finding caused by a field a kustomization sets lands at that field's line in the game's folder, never in base/;
// one cause yields one finding listing the objects. The real CLI and kustomize on the fixture repository.
import { afterEach, describe, expect, it } from "vitest";
import { fixtureRepo, gaia, type FixtureRepo } from "./repo.ts";

let repo: FixtureRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

const GAME = "games/demo/production/kustomization.yaml";
const run = (r: FixtureRepo) => gaia(["validate", "--root", r.root, "--format", "json", "--no-cache", "--no-progress"], { cwd: r.root });
const where = (report: any) => report.findings.map((f: any) => `${f.ruleId} ${f.source.file}:${f.source.line}`).sort();

describe("blame the kustomization line the change set", () => {
  it("namespace, images (newName, newTag), an inline patch and a targeted patch are blamed at their lines; one cause, one finding", async () => {
    repo = fixtureRepo();
    repo.write(
      GAME,
      [
        "namespace: gaia-other", // 1
        "resources:",
        "  - ../../../overlays/production",
        "images:",
        "  - name: registry.gaia.tech/platform/web", // 5
        "    newName: docker.io/evil/web",
        "    newTag: latest",
        "patches:",
        "  - patch: |-",
        "      apiVersion: apps/v1", // 10
        "      kind: Deployment",
        "      metadata:",
        "        name: web",
        "      spec:",
        "        replica: 2", // 15
        "  - target:",
        "      kind: Service",
        "    patch: |-",
        "      - op: replace", // 19
        "        path: /spec/ports/0/port",
        '        value: "eighty"',
        "",
      ].join("\n"),
    );
    const r = await run(repo);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings.filter((f: any) => f.source.file.startsWith("base/"))).toEqual([]);
    expect(where(r.json)).toEqual([
      `image-digest-required ${GAME}:7`,
      `image-registry-allowed ${GAME}:7`,
      `image-tag-not-latest ${GAME}:7`,
      `schema-type ${GAME}:19`,
      `schema-unknown-field ${GAME}:15`,
      `tenancy-namespace ${GAME}:1`,
    ]);
    const [ns] = r.json.findings.filter((f: any) => f.ruleId === "tenancy-namespace");
    // Every namespaced object of the target is in the wrong namespace: one finding naming them all.
    const namespaced = r.json.targets.find((t: any) => t.path === "games/demo/production").objects;
    expect(ns.message).toMatch(new RegExp(`one cause for ${namespaced} objects: `));
    expect(ns.message).toContain("Deployment/gaia-other/web");
    expect(ns.message).toContain("Service/gaia-other/web");
  });

  it("a replicas entry is blamed over the overlay patch whose value it overrides", async () => {
    repo = fixtureRepo();
    repo.write(
      "games/demo/production/hpa.yaml",
      "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: web\n  minReplicas: 2\n  maxReplicas: 4\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n",
    );
    repo.write(
      GAME,
      ["namespace: gaia-demo", "resources:", "  - ../../../overlays/production", "  - hpa.yaml", "replicas:", "  - name: web", "    count: 1", ""].join("\n"),
    );
    const r = await run(repo);
    expect(where(r.json)).toEqual([`hpa-no-fixed-replicas ${GAME}:7`]);
  });

  it("namePrefix and nameSuffix are blamed for the names the API server refuses, labels for label values", async () => {
    repo = fixtureRepo();
    repo.write(
      GAME,
      [
        "namespace: gaia-demo",
        "resources:",
        "  - ../../../overlays/production",
        "namePrefix: a-prefix-long-enough-to-push-every-service-name-past-sixty-three-", // 4
        "labels:",
        "  - pairs:", // 6
        "      tier: not valid!", // 7
        "",
      ].join("\n"),
    );
    const r = await run(repo);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings.filter((f: any) => f.source.file.startsWith("base/"))).toEqual([]);
    expect(where(r.json)).toEqual([`api-label-syntax ${GAME}:7`, `api-name-syntax ${GAME}:4`]);
    const prefix = r.json.findings.find((f: any) => f.ruleId === "api-name-syntax");
    expect(prefix.message).toMatch(/^Service name "a-prefix-long-enough.*-web" is refused by the API server: it must be a DNS-1035 label/);

    repo.write(GAME, ["namespace: gaia-demo", "resources:", "  - ../../../overlays/production", "nameSuffix: -Web", ""].join("\n"));
    const suffixed = await run(repo);
    expect(suffixed.json.findings.filter((f: any) => f.source.file.startsWith("base/"))).toEqual([]);
    expect(where(suffixed.json)).toEqual([`api-name-syntax ${GAME}:4`]);
  });

  it("commonLabels is blamed for the selectors it writes, commonAnnotations for the annotations it writes", async () => {
    repo = fixtureRepo();
    // DNS egress by namespace only, so that commonLabels writes no pod selector towards kube-dns.
    repo.write("base/web/extras.yaml", repo.read("base/web/extras.yaml").replace(/\n {10}podSelector:\n {12}matchLabels:\n {14}k8s-app: kube-dns/, ""));
    repo.write(
      GAME,
      [
        "namespace: gaia-demo",
        "resources:",
        "  - ../../../overlays/production",
        "commonLabels:",
        "  team: not valid!", // 5
        "commonAnnotations:",
        `  notes: ${"n".repeat(270_000)}`, // 7
        "",
      ].join("\n"),
    );
    const r = await run(repo);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings.filter((f: any) => f.source.file.startsWith("base/"))).toEqual([]);
    expect(where(r.json)).toEqual([`api-annotations-size ${GAME}:7`, `api-label-syntax ${GAME}:5`]);
    const size = r.json.findings.find((f: any) => f.ruleId === "api-annotations-size");
    expect(size.message).toMatch(/\(the largest: notes\).*one cause for \d+ objects/);
  });
});
