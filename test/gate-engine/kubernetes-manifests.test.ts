// base/gate-engine rendered by the pinned kustomize: template conventions, RBAC scope, and the CRD schemas
// checked against the example objects.
import { readConfig, shutdownBudgetMs } from "../../gate-engine/src/config.ts";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { REPO_ROOT } from "./support.ts";

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  [k: string]: any;
};

let objects: Obj[];
const one = (kind: string, name?: string): Obj => {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  expect(found, `${kind}/${name ?? "*"}`).toHaveLength(1);
  return found[0];
};

beforeAll(async () => {
  const kubectl = join(REPO_ROOT, ".tools/kubectl");
  const { stdout } = await promisify(execFile)(kubectl, ["kustomize", join(REPO_ROOT, "base/gate-engine")], { maxBuffer: 1 << 24 });
  objects = parseAllDocuments(stdout).map((d) => d.toJS() as Obj);
});

describe("base/gate-engine", () => {
  it("labels every object with the six app.kubernetes.io labels", () => {
    for (const o of objects) {
      const labels = o.metadata.labels ?? {};
      for (const key of ["name", "instance", "version", "component", "part-of", "managed-by"]) {
        expect(labels[`app.kubernetes.io/${key}`], `${o.kind}/${o.metadata.name} ${key}`).toBeTruthy();
      }
      expect(labels["app.kubernetes.io/part-of"]).toBe("gaia");
      expect(labels["app.kubernetes.io/managed-by"]).toBe("kustomize");
    }
  });

  it("runs the gate engine restricted, non-root, with probes, resources and the API token it needs", () => {
    const deploy = one("Deployment", "gate-engine");
    expect(deploy.spec.replicas).toBeUndefined();
    const pod = deploy.spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(deploy.spec.template.metadata.annotations["gaia.tech/needs-api-token"]).toBeTruthy();
    expect(one("ServiceAccount", pod.serviceAccountName).automountServiceAccountToken).toBe(false);
    expect(pod.hostNetwork ?? pod.hostPID ?? pod.hostIPC).toBeUndefined();
    for (const c of pod.containers) {
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } });
      for (const kind of ["requests", "limits"]) expect(Object.keys(c.resources[kind]).sort()).toEqual(["cpu", "memory"]);
      expect(c.livenessProbe.httpGet.path).toBe("/healthz");
      expect(c.readinessProbe.httpGet.path).toBe("/readyz");
      expect(c.image).toMatch(/^registry\.gaia\.tech\/platform\/gate-engine:\d+\.\d+\.\d+$/);
      const names = c.env.map((e: { name: string }) => e.name);
      expect(new Set(names).size).toBe(names.length);
    }
    const volumes = pod.volumes as { name: string; configMap?: { name: string }; hostPath?: unknown }[];
    expect(volumes.some((v) => v.hostPath)).toBe(false);
    const networks = volumes.find((v) => v.name === "networks")?.configMap?.name as string;
    expect(one("ConfigMap", networks).data["text-processor.yaml"]).toContain("kind: GateNetwork");
  });

  it("wires Service, HPA, PDB and NetworkPolicy to the pods", () => {
    const deploy = one("Deployment", "gate-engine");
    const podLabels = deploy.spec.template.metadata.labels;
    const ports = deploy.spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name);
    const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => podLabels[k] === v);
    expect(selects(deploy.spec.selector.matchLabels)).toBe(true);
    const service = one("Service", "gate-engine");
    expect(selects(service.spec.selector)).toBe(true);
    for (const p of service.spec.ports) expect(ports).toContain(p.targetPort);
    const hpa = one("HorizontalPodAutoscaler", "gate-engine");
    expect(hpa.apiVersion).toBe("autoscaling/v2");
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "gate-engine" });
    expect(hpa.spec.minReplicas).toBeLessThanOrEqual(hpa.spec.maxReplicas);
    const pdb = one("PodDisruptionBudget", "gate-engine");
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
    const policy = one("NetworkPolicy", "gate-engine");
    expect(selects(policy.spec.podSelector.matchLabels)).toBe(true);
    expect(policy.spec.ingress.flatMap((r: { ports: { port: string }[] }) => r.ports.map((p) => p.port)).sort()).toEqual(["http", "metrics"]);
  });

  it("lets the gate engine get, update and patch only its state ConfigMap", () => {
    const role = one("Role", "gate-engine-state");
    expect(role.rules).toEqual([{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["gate-engine-state"], verbs: ["get", "update", "patch"] }]);
    expect(one("RoleBinding", "gate-engine-state").subjects).toEqual([{ kind: "ServiceAccount", name: "gate-engine" }]);
    const state = one("ConfigMap", "gate-engine-state");
    expect(state.data["text-processor.pattern-matcher"]).toBe("011:1,101:1,110:0");
    const env = one("Deployment", "gate-engine").spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: "GATE_ENGINE_STATE_CONFIGMAP", value: "gate-engine-state" });
  });
});

describe("the gate engine as an API client", () => {
  it("may list and watch its three kinds, update their status and create Events, nothing more", () => {
    expect(one("Role", "gate-engine-networks").rules).toEqual([
      { apiGroups: ["gaia.tech"], resources: ["gatenetworks", "learningpolicies", "endpointgates"], verbs: ["list", "watch"] },
      { apiGroups: ["gaia.tech"], resources: ["gatenetworks/status", "learningpolicies/status", "endpointgates/status"], verbs: ["update"] },
      { apiGroups: [""], resources: ["events"], verbs: ["create"] },
    ]);
    expect(one("RoleBinding", "gate-engine-networks").subjects).toEqual([{ kind: "ServiceAccount", name: "gate-engine" }]);
    for (const crd of objects.filter((o) => o.kind === "CustomResourceDefinition")) {
      const v1 = crd.spec.versions.find((v: { name: string }) => v.name === "v1");
      expect(v1.subresources).toEqual({ status: {} });
      expect(v1.schema.openAPIV3Schema.properties.status.properties.conditions.type).toBe("array");
    }
  });

  it("ends its shutdown (unready delay, drain, final save) before terminationGracePeriodSeconds", () => {
    const pod = one("Deployment", "gate-engine").spec.template.spec;
    const env = Object.fromEntries(
      pod.containers[0].env.filter((e: { value?: string }) => e.value !== undefined).map((e: { name: string; value: string }) => [e.name, e.value]),
    );
    expect(env.GATE_ENGINE_SOURCE).toBe("kubernetes");
    const budget = shutdownBudgetMs(readConfig({ ...env, POD_NAMESPACE: "x" }));
    expect(budget).toBe(20_000);
    expect(budget).toBeLessThan(pod.terminationGracePeriodSeconds * 1000);
  });
});

describe("gaia.tech CRDs", () => {
  const schemaOf = (kind: string) => {
    const crd = objects.find((o) => o.kind === "CustomResourceDefinition" && o.spec.names.kind === kind) as Obj;
    expect(crd.apiVersion).toBe("apiextensions.k8s.io/v1");
    expect(crd.spec.group).toBe("gaia.tech");
    const version = crd.spec.versions.find((v: { name: string }) => v.name === "v1");
    return version.schema.openAPIV3Schema;
  };
  const validator = (kind: string) => new Ajv({ strict: false, allErrors: true }).compile(schemaOf(kind));

  it("define GateNetwork, LearningPolicy and EndpointGate, and every example object validates", () => {
    const kinds = ["GateNetwork", "LearningPolicy", "EndpointGate"];
    for (const kind of kinds) {
      const validate = validator(kind);
      const examples = objects.filter((o) => o.kind === kind);
      expect(examples.length, kind).toBeGreaterThan(0);
      for (const example of examples) expect(validate(example), `${kind}/${example.metadata.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("reject objects outside the schema", () => {
    const network = validator("GateNetwork");
    expect(network({ apiVersion: "gaia.tech/v1", kind: "GateNetwork", metadata: {}, spec: { gates: [{ name: "a", type: "XOR" }] } })).toBe(false);
    expect(network({ apiVersion: "gaia.tech/v1", kind: "GateNetwork", metadata: {}, spec: { gates: [] } })).toBe(false);
    const policy = validator("LearningPolicy");
    expect(policy({ apiVersion: "gaia.tech/v1", kind: "LearningPolicy", metadata: {}, spec: { updateInterval: "soon" } })).toBe(false);
    const endpoint = validator("EndpointGate");
    expect(endpoint({ apiVersion: "gaia.tech/v1", kind: "EndpointGate", metadata: {}, spec: { routes: [{ path: "users/*", gate: "x" }] } })).toBe(false);
  });
});
