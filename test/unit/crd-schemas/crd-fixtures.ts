// Builds small CRD manifests and throwaway repo roots for the generator tests.

import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";

export interface CrdSpec {
  group: string;
  kind: string;
  versions: { name: string; served?: boolean; schema: Record<string, unknown> }[];
}

export function crdYaml({ group, kind, versions }: CrdSpec): string {
  const plural = `${kind.toLowerCase()}s`;
  return stringify({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { kind, plural, singular: kind.toLowerCase() },
      scope: "Namespaced",
      versions: versions.map((v, i) => ({
        name: v.name,
        served: v.served ?? true,
        storage: i === 0,
        schema: { openAPIV3Schema: v.schema },
      })),
    },
  });
}

/** A temporary repo root holding the given files (repo-relative path → content). */
export async function makeRepo(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "crd-schemas-"));
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await writeFile(path.join(root, relative), content, "utf8");
  }
  return root;
}

export const gameServerSchema = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      required: ["image"],
      properties: {
        image: { type: "string" },
        replicas: { type: "integer", format: "int32" },
        maxSurge: { "x-kubernetes-int-or-string": true },
        labels: { type: "object", additionalProperties: { type: "string" } },
        config: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        ports: {
          type: "array",
          items: { type: "object", properties: { name: { type: "string" }, port: { type: "integer" } } },
        },
      },
    },
  },
};
