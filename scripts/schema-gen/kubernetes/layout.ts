// The output files in kubeconform's `-schema-location` layout: `_definitions.json` with every definition, and one
// `{"$ref": "_definitions.json#/definitions/<name>"}` per top-level kind, so no kind's schema is inlined twice.

import {
  KUBERNETES_DEFINITIONS_FILE,
  KUBERNETES_KIND_REF_PREFIX,
  kubernetesSchemaFile,
} from "../../lib/schema/kubernetes-schemas.ts";
import { stableJson } from "../stable-json.ts";
import { apiVersionOf, type GroupVersionKind } from "./api-names.ts";
import type { JsonSchema } from "./strict.ts";

/** File name → file text, sorted by file name. */
export function layoutSchemaFiles(definitions: Record<string, JsonSchema>): Map<string, string> {
  const files = new Map<string, string>([[KUBERNETES_DEFINITIONS_FILE, stableJson({ definitions })]]);
  const owners = new Map<string, string>();
  for (const [name, schema] of Object.entries(definitions)) {
    const kinds = (schema["x-kubernetes-group-version-kind"] ?? []) as GroupVersionKind[];
    for (const gvk of kinds) {
      const file = kubernetesSchemaFile(apiVersionOf(gvk), gvk.kind);
      const owner = owners.get(file);
      if (owner) throw new Error(`${name} and ${owner} would both be written to ${file}`);
      owners.set(file, name);
      files.set(file, stableJson({ $ref: `${KUBERNETES_KIND_REF_PREFIX}${name}` }));
    }
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
