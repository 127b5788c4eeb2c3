import type { K8sObject } from "../../../types.ts";
import type { TargetRule, Violation } from "../../types.ts";
import type { IngressBackend, IngressSpec } from "kubernetes-types/networking/v1.js";
import type { ServiceSpec } from "kubernetes-types/core/v1.js";
import { listOf, specOf } from "../../k8s/typed.ts";

interface Backend {
  name: string;
  port?: { number?: number; name?: string };
  pointer: string;
}

function backendsOf(ingress: K8sObject): Backend[] {
  const spec = specOf<IngressSpec>(ingress);
  const out: Backend[] = [];
  const add = (backend: IngressBackend | undefined, pointer: string) => {
    const service = backend?.service;
    if (service && typeof service.name === "string") out.push({ name: service.name, port: service.port, pointer: `${pointer}/service` });
  };
  add(spec.defaultBackend, "/spec/defaultBackend");
  listOf(spec.rules).forEach((r, i) => listOf(r?.http?.paths).forEach((p, j) => add(p?.backend, `/spec/rules/${i}/http/paths/${j}/backend`)));
  return out;
}

export const rule: TargetRule = {
  id: "ingress-backend-exists",
  title: "Ingress backends name a Service and port of the same namespace",
  category: "network",
  scope: "target",
  defaultSeverity: "error",
  rationale:
    "An Ingress pointing at a Service or port that does not exist answers 503 to every player on that path, and nothing fails at deploy time to say so.",
  fix: "Point the backend at an existing Service of the same namespace and at one of its ports (by number or name).",
  kinds: ["Ingress"],
  covers: { kubeScore: ["ingress-targets-service"], kubeLinter: ["dangling-ingress"] },
  check(ctx) {
    const objects = ctx.objects.map((lo) => lo.object);
    const services = new Map(objects.filter((o) => o.kind === "Service").map((s) => [`${s.metadata.namespace ?? ""}/${s.metadata.name}`, s]));
    const out: Violation[] = [];
    for (const ingress of objects.filter((o) => o.kind === "Ingress")) {
      for (const b of backendsOf(ingress)) {
        const service = services.get(`${ingress.metadata.namespace ?? ""}/${b.name}`);
        if (!service) {
          out.push({
            message: `Ingress ${ingress.metadata.name} routes to Service "${b.name}", which this target does not define in ${ingress.metadata.namespace ?? "its namespace"}`,
            object: ingress,
            path: `${b.pointer}/name`,
          });
          continue;
        }
        const ports = listOf(specOf<ServiceSpec>(service).ports);
        const wanted = b.port?.number ?? b.port?.name;
        if (wanted !== undefined && !ports.some((p) => p?.port === b.port?.number || (b.port?.name !== undefined && p?.name === b.port.name))) {
          out.push({
            message: `Ingress ${ingress.metadata.name} routes to port ${wanted} of Service "${b.name}", which has ports ${ports.map((p) => p?.name ?? p?.port).join(", ") || "none"}`,
            object: ingress,
            path: `${b.pointer}/port`,
          });
        }
      }
    }
    return out;
  },
};
