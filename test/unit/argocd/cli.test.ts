// gaia argocd preview in-process: formats, exit codes, and one-line usage errors.
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.ts";
import { fakeIo } from "../cli/fake-io.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

const APPSET = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: games
spec:
  goTemplate: true
  goTemplateOptions: ["missingkey=error"]
  generators:
    - git:
        repoURL: https://git.example/repo.git
        revision: main
        files:
          - path: games/*/game.yaml
  template:
    metadata:
      name: 'game-{{.path.basename}}'
    spec:
      project: 'game-{{.path.basename}}'
      source: { repoURL: https://git.example/repo.git, targetRevision: main, path: 'games/{{.path.basename}}/production' }
      destination: { server: https://kubernetes.default.svc, namespace: 'gaia-{{.path.basename}}' }
`;

let repo: TempRepo;
afterEach(() => repo?.dispose());

function setup(appset = APPSET): TempRepo {
  return tempRepo({
    "policies/config.yaml": 'kubernetesVersion: "1.30"\n',
    "games/alpha/game.yaml": "name: alpha\n",
    "clusters/east/applicationsets.yaml": appset,
    "clusters/west/applicationsets.yaml": appset,
  });
}

describe("gaia argocd preview", () => {
  it("prints each cluster's Applications as a table, or JSON for one cluster", async () => {
    repo = setup();
    const io = fakeIo({ cwd: repo.root });
    expect(await main(["argocd", "preview"], io)).toBe(0);
    expect(io.stdout()).toMatch(/^cluster east: 1 application from 1 ApplicationSet\nNAME +PROJECT/);
    expect(io.stdout()).toContain("cluster west:");
    const json = fakeIo({ cwd: repo.root });
    expect(await main(["argocd", "preview", "--cluster", "west", "--format", "json", "--root", repo.root], json)).toBe(0);
    const parsed = JSON.parse(json.stdout());
    expect(parsed.clusters.map((c: any) => [c.cluster, c.applications.map((a: any) => `${a.name} ${a.project} ${a.path} ${a.namespace}`)])).toEqual([
      ["west", ["game-alpha game-alpha games/alpha/production gaia-alpha"]],
    ]);
  });

  it("exits 1 and names the ApplicationSet when a template cannot be evaluated", async () => {
    repo = setup(APPSET.replace("'game-{{.path.basename}}'\n    spec", "'game-{{.owner}}'\n    spec"));
    const io = fakeIo({ cwd: repo.root });
    expect(await main(["argocd", "preview", "--cluster", "east"], io)).toBe(1);
    expect(io.stderr()).toMatch(/^error: clusters\/east: ApplicationSet games: template "game-\{\{\.owner\}\}": map has no entry for key "owner"/);
    expect(io.stdout()).toContain("error: ApplicationSet games");
  });

  it("refuses an unknown cluster or format with exit 2 and one line", async () => {
    repo = setup();
    const io = fakeIo({ cwd: repo.root });
    expect(await main(["argocd", "preview", "--cluster", "north"], io)).toBe(2);
    expect(io.stderr()).toBe('gaia: no cluster "north" under clusters/ (known: east, west)\n');
    const bad = fakeIo({ cwd: repo.root });
    expect(await main(["argocd", "preview", "--format", "yaml"], bad)).toBe(2);
    expect(bad.stderr()).toBe('gaia: --format must be table or json, not "yaml"\n');
  });
});
