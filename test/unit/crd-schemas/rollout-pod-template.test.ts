// Rollout's spec.template is strict, so it must know every field of the core/v1 types it mirrors; otherwise a valid
// pod template would be rejected. The field lists come from kubernetes-types (the pinned Kubernetes API version).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { crdSchemaFile } from "../../../scripts/lib/schema/crd-schemas.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const coreTypes = readFileSync(createRequire(import.meta.url).resolve("kubernetes-types/core/v1.d.ts"), "utf8");

function coreFields(interfaceName: string): string[] {
  const body = new RegExp(`export interface ${interfaceName} \\{([\\s\\S]*?)\\n\\}`).exec(coreTypes)?.[1];
  if (!body) throw new Error(`kubernetes-types/core/v1 has no interface ${interfaceName}`);
  return [...body.matchAll(/^\s+(?:readonly )?(\w+)\??:/gm)].map((m) => m[1]).sort();
}

type Node = { properties: Record<string, Node>; items: Node };
const rollout = JSON.parse(readFileSync(path.join(repoRoot, crdSchemaFile("argoproj.io/v1alpha1", "Rollout")), "utf8")) as Node;
const podSpec = rollout.properties.spec.properties.template.properties.spec;
const container = podSpec.properties.containers.items;

describe("Rollout pod template", () => {
  it.each([
    ["PodSpec", podSpec],
    ["Container", container],
    ["Probe", container.properties.readinessProbe],
    ["EnvVarSource", container.properties.env.items.properties.valueFrom],
    ["ContainerPort", container.properties.ports.items],
    ["VolumeMount", container.properties.volumeMounts.items],
    ["Toleration", podSpec.properties.tolerations.items],
    ["TopologySpreadConstraint", podSpec.properties.topologySpreadConstraints.items],
  ] as const)("declares every core/v1 %s field", (name, node) => {
    const missing = coreFields(name).filter((field) => !(field in node.properties));
    expect(missing).toEqual([]);
  });

  it("uses the same container shape for init containers", () => {
    expect(podSpec.properties.initContainers.items).toEqual(container);
  });
});
