// A game-only selection still gets what Argo CD decides for the game: its AppProject (the platform template after the
// ApplicationSet's substitutions) and the Pod Security level that managedNamespaceMetadata gives its namespace. The
// cluster targets render as context only: they are not reported, and nothing of theirs is a finding.
import { afterEach, describe, expect, it } from "vitest";
import { $ } from "zx";
import { gaia } from "./repo.ts";
import { templateCopy, type TemplateCopy } from "./template-copy.ts";

const SLOW = 600_000;
const GAME = "games/zombie-survival";
const EXTRA = `${GAME}/development/extra.yaml`;

// The namespace labelled baseline by the game itself (the clusters' ApplicationSets enforce restricted), and a kind
// the game's AppProject does not whitelist, whose container escalates privileges (PSS restricted).
const EXTRA_YAML = `apiVersion: v1
kind: Namespace
metadata:
  name: gaia-zombie-survival
  labels:
    pod-security.kubernetes.io/enforce: baseline
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: cleanup
              image: registry.gaia.tech/platform/cleanup@sha256:${"a".repeat(64)}
              securityContext:
                allowPrivilegeEscalation: true
`;

let copy: TemplateCopy | undefined;
afterEach(() => {
  copy?.dispose();
  copy = undefined;
});

function addExtra(c: TemplateCopy): void {
  c.write(EXTRA, EXTRA_YAML);
  const file = `${GAME}/development/kustomization.yaml`;
  c.write(file, c.read(file).replace("  - ../../../overlays/development\n", "  - ../../../overlays/development\n  - extra.yaml\n"));
}

/** The findings the two sync-time refusals must produce, at the game's own file and line. */
function expectRefusals(json: any): void {
  const at = (rule: string) => json.findings.filter((f: any) => f.ruleId === rule).map((f: any) => `${f.source.file}:${f.source.line} ${f.target}`);
  expect(at("argocd-appproject-permits")).toEqual([`${EXTRA}:9 ${GAME}/development`]);
  expect(json.findings.find((f: any) => f.ruleId === "argocd-appproject-permits").message).toMatch(
    /^batch\/CronJob is not permitted by AppProject game-zombie-survival \(namespaceResourceWhitelist does not list it\)/,
  );
  expect(at("pss-privilege-escalation")).toEqual([`${EXTRA}:23 ${GAME}/development`]);
  expect(json.findings.filter((f: any) => f.source.file.startsWith("clusters/"))).toEqual([]);
}

describe("Argo CD context for a selection without cluster targets", () => {
  it(
    "gaia validate games/<game>: the AppProject refuses the kind, the namespace's enforced profile is checked",
    async () => {
      copy = templateCopy();
      addExtra(copy);
      const r = await gaia(["validate", GAME, "--format", "json", "--no-progress"], { cwd: copy.root });
      expect(r.exitCode).toBe(1);
      expect(r.json.targets.map((t: any) => t.path)).toEqual(["development", "production", "staging"].map((env) => `${GAME}/${env}`));
      expectRefusals(r.json);
    },
    SLOW,
  );

  it(
    "--changed-since in a git repository: the same refusals, in this change",
    async () => {
      copy = templateCopy();
      const c = copy;
      const git = (...args: string[]) => $({ cwd: c.root, quiet: true })`git ${args}`;
      c.write(".gitignore", ".cache/\n");
      await git("init", "-q", "--initial-branch=main");
      await git("add", "-A");
      await git("-c", "user.email=ci@gaia.tech", "-c", "user.name=ci", "commit", "-qm", "main");
      addExtra(c);
      const r = await gaia(["validate", "--changed-since", "main", "--format", "json", "--no-progress"], { cwd: c.root });
      expect(r.exitCode).toBe(1);
      expect(r.json.targets.map((t: any) => t.path)).toEqual([`${GAME}/development`]);
      expectRefusals(r.json);
      for (const rule of ["argocd-appproject-permits", "pss-privilege-escalation"])
        expect(r.json.findings.find((f: any) => f.ruleId === rule).inherited).toBeFalsy();
    },
    SLOW,
  );
});
