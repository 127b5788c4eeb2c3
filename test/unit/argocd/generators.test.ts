// Generators evaluated offline against an in-memory repository: git files/directories, list, matrix, merge, selectors.
import { describe, expect, it } from "vitest";
import { evaluateGenerator, type RepoFiles } from "../../../scripts/lib/argocd/generators.ts";
import { globBase, globToRegExp } from "../../../scripts/lib/argocd/glob.ts";
import { flattenParams, selectorMatches } from "../../../scripts/lib/argocd/params.ts";

function memoryRepo(files: Record<string, string>): RepoFiles {
  return {
    listFiles: (dir) =>
      Object.keys(files)
        .filter((f) => dir === "." || f.startsWith(`${dir}/`))
        .sort(),
    readText: (file) => files[file],
  };
}

const repo = memoryRepo({
  "games/alpha/game.yaml": "name: alpha\ntier: indie\nregions: [us-east]\nbudget: { monthlyUSD: 500 }\nlaunch: 2026-12-01\n",
  "games/beta/game.yaml": "name: beta\ntier: viral\nregions: [us-east, eu-west]\n",
  "games/Gamma_X/game.yaml": "name: gamma\nregions: [asia-pac]\n",
  "games/beta/production/kustomization.yaml": "kind: Kustomization\n",
  "games/README.md": "not a game\n",
  "clusters/dev/cluster.yaml": "region: us-east\n",
});
const go = { goTemplate: true, missingKey: "error" as const, files: repo };
const flat = { goTemplate: false, missingKey: "default" as const, files: repo };
const git = (files: unknown[], extra: object = {}) => ({ git: { repoURL: "https://example.invalid/repo.git", revision: "main", files, ...extra } });

describe("git files generator", () => {
  it("matches globs within one folder and exposes the file's keys and path params (goTemplate)", () => {
    const params = evaluateGenerator(git([{ path: "games/*/game.yaml" }]), go);
    expect(params.map((p: any) => p.path.basename)).toEqual(["Gamma_X", "alpha", "beta"]);
    const beta: any = params[2];
    expect(beta.path).toEqual({
      path: "games/beta",
      basename: "beta",
      basenameNormalized: "beta",
      segments: ["games", "beta"],
      filename: "game.yaml",
      filenameNormalized: "game.yaml",
    });
    expect(beta.regions).toEqual(["us-east", "eu-west"]);
    expect((params[0] as any).path.basenameNormalized).toBe("gamma-x");
  });

  it("drops files matched by an exclude entry", () => {
    const params = evaluateGenerator(git([{ path: "games/*/game.yaml" }, { path: "games/beta/game.yaml", exclude: true }]), go);
    expect(params.map((p: any) => p.name)).toEqual(["gamma", "alpha"]);
  });

  it("flattens content and path params without goTemplate", () => {
    const [alpha] = evaluateGenerator(git([{ path: "games/alpha/game.yaml" }]), flat);
    expect(alpha).toMatchObject({
      name: "alpha",
      launch: "2026-12-01",
      "regions.0": "us-east",
      "budget.monthlyUSD": "500",
      path: "games/alpha",
      "path.basename": "alpha",
      "path[0]": "games",
      "path[1]": "alpha",
    });
  });

  it("nests the path params under pathParamPrefix", () => {
    const [alpha] = evaluateGenerator(git([{ path: "games/alpha/game.yaml" }], { pathParamPrefix: "game" }), go);
    expect((alpha as any).game.path.basename).toBe("alpha");
    expect((alpha as any).path).toBeUndefined();
    const [flatAlpha] = evaluateGenerator(git([{ path: "games/alpha/game.yaml" }], { pathParamPrefix: "game" }), flat);
    expect(flatAlpha).toMatchObject({ "game.path": "games/alpha", "game.path.basename": "alpha", "game.path[1]": "alpha" });
  });

  it("renders values with each file's params", () => {
    const [alpha] = evaluateGenerator(git([{ path: "games/alpha/game.yaml" }], { values: { ns: "gaia-{{.path.basename}}" } }), go);
    expect((alpha as any).values).toEqual({ ns: "gaia-alpha" });
  });

  it("lists directories for the directories form", () => {
    const params = evaluateGenerator({ git: { repoURL: "x", directories: [{ path: "games/*" }, { path: "games/Gamma_X", exclude: true }] } }, go);
    expect(params.map((p: any) => p.path.path)).toEqual(["games/alpha", "games/beta"]);
  });

  it("reports a file that is not YAML, naming it", () => {
    const broken = { ...go, files: memoryRepo({ "games/x/game.yaml": "a: [1,\n" }) };
    expect(() => evaluateGenerator(git([{ path: "games/*/game.yaml" }]), broken)).toThrow(/games\/x\/game\.yaml is not valid YAML/);
  });
});

describe("list, matrix and merge generators, selectors", () => {
  it("turns elements and elementsYaml into parameter sets", () => {
    const params = evaluateGenerator({ list: { elements: [{ cluster: "a" }], elementsYaml: "- cluster: b\n" } }, go);
    expect(params).toEqual([{ cluster: "a" }, { cluster: "b" }]);
    expect(() => evaluateGenerator({ list: { elementsYaml: "cluster: b" } }, go)).toThrow(/must render to a YAML list/);
  });

  it("interpolates the second matrix child with the first's params and filters with the selector", () => {
    const generator = {
      matrix: {
        generators: [git([{ path: "games/*/game.yaml" }]), { list: { elementsYaml: '{{ range .regions }}{{ printf "- region: %s\\n" . }}{{ end }}' } }],
      },
      selector: { matchLabels: { region: "us-east" } },
    };
    const params = evaluateGenerator(generator, go);
    expect(params.map((p: any) => [p.path.basename, p.region])).toEqual([
      ["alpha", "us-east"],
      ["beta", "us-east"],
    ]);
  });

  it("needs exactly two matrix children", () => {
    expect(() => evaluateGenerator({ matrix: { generators: [{ list: { elements: [] } }] } }, go)).toThrow(/exactly 2 child generators/);
  });

  it("merges parameter sets on mergeKeys, the later generators overriding", () => {
    const generator = {
      merge: { mergeKeys: ["name"], generators: [git([{ path: "games/*/game.yaml" }]), { list: { elements: [{ name: "beta", tier: "growing" }] } }] },
    };
    const params = evaluateGenerator(generator, go);
    expect(params.map((p: any) => `${p.name}:${p.tier ?? "-"}`)).toEqual(["gamma:-", "alpha:indie", "beta:growing"]);
    expect(() => evaluateGenerator({ merge: { mergeKeys: [], generators: [] } }, go)).toThrow(/needs mergeKeys/);
    expect(() => evaluateGenerator({ merge: { mergeKeys: ["name"], generators: [{ list: { elements: [] } }] } }, go)).toThrow(
      /at least 2 child generators, found 1/,
    );
    expect(() =>
      evaluateGenerator({ merge: { mergeKeys: ["tier"], generators: [{ list: { elements: [{ tier: 1 }, { tier: 1 }] } }, { list: { elements: [] } }] } }, go),
    ).toThrow(/not unique/);
  });

  it("reports malformed generators and parameter files", () => {
    expect(() => evaluateGenerator({ git: { repoURL: "x" } }, go)).toThrow(/git generator needs files or directories/);
    expect(() => evaluateGenerator("list", go)).toThrow(/a generator must be a mapping/);
    expect(() => evaluateGenerator({ list: { elements: ["plain"] } }, go)).toThrow(/element plain is not a mapping/);
    expect(() => evaluateGenerator({ list: { elementsYaml: "- [" } }, go)).toThrow(/elementsYaml is not valid YAML/);
    const scalarFile = { ...go, files: memoryRepo({ "games/x/game.yaml": "just text\n" }) };
    expect(() => evaluateGenerator(git([{ path: "games/*/game.yaml" }]), scalarFile)).toThrow(/games\/x\/game\.yaml must hold a mapping/);
    const clash = { matrix: { generators: [{ list: { elements: [{ a: "1" }] } }, { list: { elements: [{ a: "2" }] } }] } };
    expect(() => evaluateGenerator(clash, flat)).toThrow(/duplicate key a with different value/);
    expect(evaluateGenerator(clash, go)).toEqual([{ a: "1" }]);
  });

  it("refuses generators that need a live cluster or API", () => {
    expect(() => evaluateGenerator({ clusters: {} }, go)).toThrow(/clusters generator needs a live cluster/);
    expect(() => evaluateGenerator({ list: {}, git: {} }, go)).toThrow(/exactly one kind/);
  });

  it("matches label selectors on flattened params", () => {
    const p = { name: "beta", regions: ["us-east", "eu-west"], path: { basename: "beta" } };
    expect(flattenParams(p)).toEqual({ name: "beta", "regions.0": "us-east", "regions.1": "eu-west", "path.basename": "beta" });
    expect(selectorMatches({ matchLabels: { "path.basename": "beta" } }, p)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "regions.1", operator: "In", values: ["eu-west"] }] }, p)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "name", operator: "NotIn", values: ["beta"] }] }, p)).toBe(false);
    expect(
      selectorMatches(
        {
          matchExpressions: [
            { key: "tier", operator: "DoesNotExist" },
            { key: "name", operator: "Exists" },
          ],
        },
        p,
      ),
    ).toBe(true);
    expect(() => selectorMatches({ matchExpressions: [{ key: "name", operator: "Gt", values: ["1"] }] }, p)).toThrow(/not one of In, NotIn/);
  });
});

describe("globs", () => {
  it("keeps * inside a folder and lets ** cross folders", () => {
    expect(globToRegExp("games/*/game.yaml").test("games/a/game.yaml")).toBe(true);
    expect(globToRegExp("games/*/game.yaml").test("games/a/b/game.yaml")).toBe(false);
    expect(globToRegExp("games/**/game.yaml").test("games/a/b/game.yaml")).toBe(true);
    expect(globToRegExp("games/[ab]?/x.yaml").test("games/a1/x.yaml")).toBe(true);
    expect(globBase("games/*/game.yaml")).toBe("games");
    expect(globBase("*.yaml")).toBe(".");
    expect(() => globToRegExp("games/[ab/x")).toThrow(/unterminated \[/);
  });
});
