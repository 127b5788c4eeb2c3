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

export const ALL_CASES: MalformedCase[] = [...OBJECT_CASES, ...CONFIG_CASES];
export { GAME_K, gameKustomization };
