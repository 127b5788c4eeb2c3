import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkSyntax } from "../../../scripts/lib/parse/closure-syntax.ts";
import { discoverTargets } from "../../../scripts/lib/discover/discover.ts";
import { KUSTOMIZATION, tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

function twoGames(): TempRepo {
  return tempRepo({
    "base/web/kustomization.yaml": KUSTOMIZATION("resources:\n  - cm.yaml\n"),
    "base/web/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n",
    "games/a/production/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../../../base/web\n  - extra.yaml\n"),
    "games/a/production/extra.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n",
    "games/a/production/notes.txt": "a: [ not yaml, not checked\n",
    "games/b/production/kustomization.yaml": KUSTOMIZATION("resources:\n  - ../../../base/web\n"),
  });
}

describe("checkSyntax", () => {
  it("reports a bad file once at its line and marks only the targets that read it as broken", () => {
    repo = twoGames();
    const { findings, broken } = checkSyntax(repo.root, discoverTargets(repo.root), false);
    expect(findings.map((f) => [f.ruleId, f.source.file, f.source.line])).toEqual([["yaml-duplicate-key", "games/a/production/extra.yaml", 5]]);
    expect([...broken]).toEqual(["games/a/production"]);
  });

  it("marks every target reading a shared bad file, reporting the file once", () => {
    repo = twoGames();
    repo.write("base/web/cm.yaml", "a:\n\tb: 1\n");
    const { findings, broken } = checkSyntax(repo.root, discoverTargets(repo.root), false);
    expect(findings.filter((f) => f.source.file === "base/web/cm.yaml").length).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => `${f.source.file}:${f.source.line}:${f.ruleId}`)).size).toBe(findings.length);
    expect([...broken].sort()).toEqual(["games/a/production", "games/b/production"]);
  });

  it("remembers clean files between runs, and still catches a file that turns bad", () => {
    repo = twoGames();
    repo.write("games/a/production/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    expect(checkSyntax(repo.root, discoverTargets(repo.root), true).findings).toEqual([]);
    expect(existsSync(join(repo.root, ".cache", "syntax-ok.json"))).toBe(true);
    repo.write("games/a/production/extra.yaml", "a: 1\na: 2\n");
    expect(checkSyntax(repo.root, discoverTargets(repo.root), true).findings.map((f) => f.ruleId)).toEqual(["yaml-duplicate-key"]);
  });

  it("ignores a corrupt cache file", () => {
    repo = twoGames();
    repo.write(".cache/syntax-ok.json", "{not json");
    expect(checkSyntax(repo.root, discoverTargets(repo.root), true).broken.size).toBe(1);
  });
});

describe("checkSyntax and generator data", () => {
  it("leaves files a configMapGenerator or secretGenerator only reads as data alone, however they are named", () => {
    repo = tempRepo({
      "games/a/production/kustomization.yaml": KUSTOMIZATION(
        "configMapGenerator:\n  - name: templates\n    files:\n      - alerts.yaml=templates/alerts.tmpl.yaml\n      - raw.json\nsecretGenerator:\n  - name: env\n    envs:\n      - secret.env.yaml\n",
      ),
      "games/a/production/templates/alerts.tmpl.yaml": "{{ range .Alerts }}\n\t- {{ .Name }}\n{{ end }}\n",
      "games/a/production/raw.json": "{ not json at all",
      "games/a/production/secret.env.yaml": "A=1\nA=2\n",
    });
    const { findings, broken } = checkSyntax(repo.root, discoverTargets(repo.root), false);
    expect(findings).toEqual([]);
    expect(broken.size).toBe(0);
  });

  it("still checks a file that is both generator data and a resource", () => {
    repo = tempRepo({
      "games/a/production/kustomization.yaml": KUSTOMIZATION("resources:\n  - cm.yaml\nconfigMapGenerator:\n  - name: copy\n    files:\n      - cm.yaml\n"),
      "games/a/production/cm.yaml": "a: 1\na: 2\n",
    });
    expect(checkSyntax(repo.root, discoverTargets(repo.root), false).findings.map((f) => f.ruleId)).toEqual(["yaml-duplicate-key"]);
  });
});
