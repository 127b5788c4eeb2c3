// Hostile and malformed inputs, one per class of failure: each case changes a copy of the e2e fixture repository and
// says what the report must contain. Every case must leave the other target checked and never crash the run.
import type { FixtureRepo } from "../e2e/repo.ts";

export interface Expected {
  ruleId: string;
  file: string;
  line: number;
  message?: RegExp;
}

export interface MalformedCase {
  name: string;
  setup(repo: FixtureRepo): void;
  /** Paths to validate (default: the whole repository). */
  paths?: string[];
  /** Findings that must be in the report. */
  expect: Expected[];
  /** Rule ids that must not be in the report. */
  absent?: string[];
  /** Targets whose status must be ok despite the bad input. */
  okTargets?: string[];
}

const GAME_K = "games/demo/production/kustomization.yaml";
const gameKustomization = (extra: string) => `namespace: gaia-demo\nresources:\n  - ../../../overlays/production\n${extra}`;
const addToBase = (repo: FixtureRepo, file: string, text: string) => {
  repo.write(`base/web/${file}`, text);
  repo.write("base/web/kustomization.yaml", `${repo.read("base/web/kustomization.yaml")}  - ${file}\n`);
};

export const OBJECT_CASES: MalformedCase[] = [
  {
    name: "rendered object without apiVersion",
    setup: (r) => addToBase(r, "bad.yaml", "kind: ConfigMap\nmetadata:\n  name: no-version\ndata:\n  a: b\n"),
    expect: [{ ruleId: "not-a-kubernetes-object", file: "base/web/bad.yaml", line: 1, message: /apiVersion is missing/ }],
    absent: ["check-crashed"],
  },
  {
    name: "rendered object with a numeric apiVersion and name",
    setup: (r) => addToBase(r, "bad.yaml", "apiVersion: 5\nkind: ConfigMap\nmetadata:\n  name: numeric\n"),
    expect: [{ ruleId: "not-a-kubernetes-object", file: "base/web/bad.yaml", line: 1, message: /apiVersion must be a string, not number 5/ }],
    absent: ["check-crashed"],
  },
  {
    name: "rendered object with wrong types in labels and data",
    setup: (r) => addToBase(r, "bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typed\n  labels: 3\ndata: 5\n"),
    expect: [
      { ruleId: "schema-type", file: "base/web/bad.yaml", line: 5, message: /metadata\.labels must be object/ },
      { ruleId: "schema-type", file: "base/web/bad.yaml", line: 6, message: /data must be object/ },
    ],
    absent: ["check-crashed"],
  },
  {
    name: "plain manifest documents of every wrong shape",
    paths: ["m.yaml"],
    setup: (r) =>
      r.write(
        "m.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: 5\n---\napiVersion: v1\nkind: 7\nmetadata:\n  name: x\n---\n- a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [1]\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\n  bogus: 1\n",
      ),
    expect: [
      { ruleId: "not-a-kubernetes-object", file: "m.yaml", line: 3, message: /metadata must be a mapping, not number 5/ },
      { ruleId: "not-a-kubernetes-object", file: "m.yaml", line: 6, message: /kind must be a string, not number 7/ },
      { ruleId: "not-a-kubernetes-object", file: "m.yaml", line: 10, message: /document is a list/ },
      { ruleId: "not-a-kubernetes-object", file: "m.yaml", line: 15, message: /metadata\.name must be a string, not a list/ },
      { ruleId: "schema-unknown-field", file: "m.yaml", line: 21 },
    ],
    absent: ["check-crashed"],
  },
];

export const CONFIG_CASES: MalformedCase[] = [
  {
    name: "policy config with settings of the wrong shape",
    setup: (r) =>
      r.write(
        "policies/config.yaml",
        "kubernetesVersion: [1]\nargocd: 5\nparameters:\n  allowedRegistries: [registry.gaia.tech]\nrules:\n  image-tag: 5\n  resources-required:\n    severity: [x]\n    params: 3\nschemas:\n  skip: [3, {kind: 4}]\n",
      ),
    paths: ["overlays/production"],
    expect: [
      { ruleId: "document-schema", file: "policies/config.yaml", line: 2, message: /argocd must be object/ },
      { ruleId: "document-schema", file: "policies/config.yaml", line: 6, message: /rules\.image-tag must be object/ },
      { ruleId: "document-schema", file: "policies/config.yaml", line: 11, message: /schemas\.skip\[0\] must be object/ },
    ],
    absent: ["check-crashed"],
    okTargets: ["overlays/production"],
  },
  {
    name: "exceptions and custom rules of the wrong shape",
    setup: (r) => {
      r.write(
        "policies/exceptions.yaml",
        "exceptions:\n  - rule: 5\n    match: x\n  - just a string\n  - rule: image-tag\n    match: {game: 3}\n    expires: 2020-01-01\n",
      );
      r.write("policies/custom/c.yaml", "id: c1\ntitle: t\nmatch: 5\nschema: {type: object}\nmessage: m\nfix: f\n");
    },
    expect: [
      { ruleId: "document-schema", file: "policies/exceptions.yaml", line: 2, message: /exceptions\[0\]\.rule must be string/ },
      { ruleId: "document-schema", file: "policies/exceptions.yaml", line: 4, message: /exceptions\[1\] must be object/ },
      { ruleId: "document-schema", file: "policies/exceptions.yaml", line: 6, message: /match\.game must be string/ },
      { ruleId: "document-schema", file: "policies/custom/c.yaml", line: 3, message: /match must be object/ },
    ],
    absent: ["check-crashed"],
    okTargets: ["overlays/production", "games/demo/production"],
  },
];

export const DOCUMENT_CASES: MalformedCase[] = [
  {
    name: "a syntax error in one document of a file does not hide the next document's problem",
    paths: ["m.yaml"],
    setup: (r) =>
      r.write(
        "m.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: [unclosed\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  bogus: 1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  name: d\n",
      ),
    expect: [
      { ruleId: "yaml-syntax", file: "m.yaml", line: 6, message: /Flow sequence/ },
      { ruleId: "schema-unknown-field", file: "m.yaml", line: 12, message: /bogus/ },
      { ruleId: "yaml-duplicate-key", file: "m.yaml", line: 18 },
    ],
  },
  {
    name: "a broken YAML file that no kustomization reads blocks nothing",
    setup: (r) => {
      r.write("base/web/stray.yaml", "a: [\n");
      r.write("base/web/notes/old.yaml", "b: {\n");
      r.write("base/web/service.yaml", r.read("base/web/service.yaml").replace("port: 80", 'port: "eighty"'));
    },
    expect: [{ ruleId: "schema-type", file: "base/web/service.yaml", line: 12 }],
    absent: ["yaml-syntax"],
    okTargets: ["overlays/production", "games/demo/production"],
  },
  {
    name: "a broken YAML file that a kustomization does read is reported at its line",
    setup: (r) => addToBase(r, "broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {b: 1\n  c: 2\n"),
    expect: [{ ruleId: "yaml-syntax", file: "base/web/broken.yaml", line: 6, message: /Flow map/ }],
  },
  {
    name: "nesting past the depth limit, in flow and block style, is reported as such",
    paths: ["flow.yaml", "block.yaml"],
    setup: (r) => {
      r.write("flow.yaml", `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: f\ndata:\n  x: ${"[".repeat(5000)}${"]".repeat(5000)}\n`);
      const block = Array.from({ length: 300 }, (_, i) => `${"  ".repeat(i + 1)}k:`).join("\n");
      r.write("block.yaml", `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\nx:\n${block}\n`);
    },
    expect: [
      { ruleId: "yaml-too-deep", file: "flow.yaml", line: 6, message: /deeper than the limit of 100 levels/ },
      { ruleId: "yaml-too-deep", file: "block.yaml", line: 105, message: /deeper than the limit of 100 levels/ },
    ],
    absent: ["yaml-syntax"],
  },
  {
    name: "an unterminated quote is reported where it opens, not where the parser gave up",
    paths: ["q.yaml"],
    setup: (r) => r.write("q.yaml", 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: "unterminated\n  j: 2\n  l: 3\n'),
    expect: [{ ruleId: "yaml-syntax", file: "q.yaml", line: 6, message: /Missing closing "quote/ }],
  },
];

export const KUSTOMIZE_CASES: MalformedCase[] = [
  {
    name: "kustomize: missing resource",
    setup: (r) => r.write(GAME_K, gameKustomization("  - missing.yaml\n")),
    expect: [{ ruleId: "kustomize-build", file: GAME_K, line: 4, message: /missing\.yaml/ }],
    okTargets: ["overlays/production"],
  },
  {
    name: "kustomize: missing resource in a base, pointed at in the base",
    setup: (r) => r.write("base/web/kustomization.yaml", `${r.read("base/web/kustomization.yaml")}  - gone.yaml\n`),
    expect: [{ ruleId: "kustomize-build", file: "base/web/kustomization.yaml", line: 7, message: /gone\.yaml/ }],
  },
  {
    name: "kustomize: missing component",
    setup: (r) => r.write(GAME_K, gameKustomization("components:\n  - ../nope\n")),
    expect: [{ ruleId: "kustomize-build", file: GAME_K, line: 5, message: /nope/ }],
    okTargets: ["overlays/production"],
  },
  {
    name: "kustomize: patch whose kind matches no resource",
    setup: (r) => {
      r.write("games/demo/production/p.yaml", "apiVersion: apps/v1\nkind: Deploymnt\nmetadata:\n  name: web\nspec:\n  replicas: 2\n");
      r.write(GAME_K, gameKustomization("patches:\n  - path: p.yaml\n"));
    },
    expect: [{ ruleId: "kustomize-build", file: "games/demo/production/p.yaml", line: 2, message: /Deploymnt/ }],
    okTargets: ["overlays/production"],
  },
  {
    name: "kustomize: invalid JSON 6902 op, inline",
    setup: (r) =>
      r.write(
        GAME_K,
        gameKustomization(
          "patches:\n  - target:\n      kind: Deployment\n      name: web\n    patch: |-\n      - op: frobnicate\n        path: /metadata/labels/x\n        value: y\n",
        ),
      ),
    expect: [{ ruleId: "kustomize-build", file: GAME_K, line: 9, message: /frobnicate/ }],
    okTargets: ["overlays/production"],
  },
  {
    name: "kustomize: invalid JSON 6902 op, in a patch file",
    setup: (r) => {
      r.write("games/demo/production/j.yaml", "- op: add\n  path: /metadata/labels/a\n  value: b\n- op: frobnicate\n  path: /x\n");
      r.write(GAME_K, gameKustomization("patches:\n  - path: j.yaml\n    target:\n      kind: Deployment\n      name: web\n"));
    },
    expect: [{ ruleId: "kustomize-build", file: "games/demo/production/j.yaml", line: 4, message: /frobnicate/ }],
  },
  {
    name: "kustomize: replacement source field path that does not exist",
    setup: (r) =>
      r.write(
        GAME_K,
        gameKustomization(
          "replacements:\n  - source:\n      kind: Deployment\n      name: web\n      fieldPath: metadata.nope\n    targets:\n      - select:\n          kind: Service\n        fieldPaths:\n          - metadata.labels.x\n",
        ),
      ),
    expect: [{ ruleId: "kustomize-build", file: GAME_K, line: 8, message: /metadata\.nope/ }],
    okTargets: ["overlays/production"],
  },
  {
    name: "kustomize: kustomization field of the wrong type",
    setup: (r) => r.write(GAME_K, gameKustomization("images: 3\n")),
    expect: [{ ruleId: "kustomize-build", file: GAME_K, line: 4, message: /Kustomization\.images/ }],
    okTargets: ["overlays/production"],
  },
  {
    name: "kustomize: kustomization that is not a mapping",
    setup: (r) => r.write(GAME_K, "- a\n- b\n"),
    expect: [{ ruleId: "kustomize-build", file: GAME_K, line: 1, message: /cannot unmarshal array/ }],
    okTargets: ["overlays/production"],
  },
  {
    name: "kustomize: path outside the kustomization root (resource and generator file)",
    setup: (r) => r.write(GAME_K, gameKustomization("  - /etc/passwd\n")),
    expect: [{ ruleId: "kustomize-build", file: GAME_K, line: 4, message: /security; file '\/etc\/passwd'/ }],
    okTargets: ["overlays/production"],
  },
  {
    name: "kustomize: generator file outside the kustomization root",
    setup: (r) => r.write(GAME_K, gameKustomization("configMapGenerator:\n  - name: x\n    files:\n      - ../../../../../../etc/hostname\n")),
    expect: [{ ruleId: "kustomize-build", file: GAME_K, line: 7, message: /security/ }],
    okTargets: ["overlays/production"],
  },
];

export const ALL_CASES: MalformedCase[] = [...OBJECT_CASES, ...CONFIG_CASES, ...DOCUMENT_CASES, ...KUSTOMIZE_CASES];
export { GAME_K, gameKustomization };
