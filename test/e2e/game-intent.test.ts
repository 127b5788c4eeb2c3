// game.yaml's services.<svc>.enabled: false, end to end on the template: while any object of the service (whatever
// its kind) renders in any of the game's targets, one finding at the switch's line names each target and object.
import { afterEach, describe, expect, it } from "vitest";
import { gaia } from "./repo.ts";
import { templateCopy, type TemplateCopy } from "./template-copy.ts";

const SLOW = 600_000;
const GAME = "games/zombie-survival";

let copy: TemplateCopy | undefined;
afterEach(() => {
  copy?.dispose();
  copy = undefined;
});

const deleteBy = (target: string, kind: string, apiVersion: string) => `patches:
  - target:
      ${target}
    patch: |-
      $patch: delete
      apiVersion: ${apiVersion}
      kind: ${kind}
      metadata:
        name: performance
`;

function addPatch(c: TemplateCopy, env: string, patch: string): void {
  const file = `${GAME}/${env}/kustomization.yaml`;
  c.write(file, c.read(file).replace("patches:\n", patch));
}

const intentFindings = (json: any) => json.findings.filter((f: any) => f.ruleId === "game-intent-matches-render");

describe("services.<svc>.enabled: false", () => {
  it(
    "is a finding at the switch while any target renders any object of the service, and quiet once none does",
    async () => {
      copy = templateCopy();
      const c = copy;
      const spec = c.read(`${GAME}/game.yaml`);
      c.write(
        `${GAME}/game.yaml`,
        spec.replace("  performance:\n    enabled: true\n    minReplicas: 1\n    maxReplicas: 2\n", "  performance:\n    enabled: false\n"),
      );
      const line = c.read(`${GAME}/game.yaml`).split("\n").indexOf("  performance:") + 2;

      const all = await gaia(["validate", GAME, "--format", "json", "--no-progress"], { cwd: c.root });
      expect(all.exitCode).toBe(1);
      const [everywhere, ...others] = intentFindings(all.json);
      expect(others).toEqual([]);
      expect(everywhere.source).toEqual({ file: `${GAME}/game.yaml`, line });
      expect(everywhere.path).toBe("/services/performance/enabled");
      for (const env of ["development", "production", "staging"])
        expect(everywhere.message).toMatch(
          new RegExp(`${GAME}/${env} \\(ServiceAccount performance, ConfigMap performance-config, Service performance, Deployment performance, `),
        );

      // development and staging delete every object of the service; production only its Deployment.
      for (const env of ["development", "staging"]) addPatch(c, env, deleteBy("labelSelector: app.kubernetes.io/name=performance", "Service", "v1"));
      addPatch(c, "production", deleteBy("kind: Deployment\n      name: performance", "Deployment", "apps/v1"));
      const partly = await gaia(["validate", GAME, "--format", "json", "--no-progress"], { cwd: c.root });
      expect(intentFindings(partly.json).map((f: any) => `${f.source.file}:${f.source.line} ${f.message}`)).toEqual([
        `${GAME}/game.yaml:${line} game zombie-survival disables performance, but its targets still render it: ${GAME}/production (ServiceAccount performance, ConfigMap performance-config, Service performance, PodDisruptionBudget performance, HorizontalPodAutoscaler performance, ServiceMonitor performance, NetworkPolicy performance)`,
      ]);

      c.write(
        `${GAME}/production/kustomization.yaml`,
        c
          .read(`${GAME}/production/kustomization.yaml`)
          .replace("kind: Deployment\n      name: performance", "labelSelector: app.kubernetes.io/name=performance"),
      );
      const none = await gaia(["validate", GAME, "--format", "json", "--no-progress"], { cwd: c.root });
      expect(none.json.targets.map((t: any) => t.status)).toEqual(["ok", "ok", "ok"]);
      expect(intentFindings(none.json)).toEqual([]);
    },
    SLOW,
  );
});
