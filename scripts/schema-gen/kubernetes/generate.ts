// Generates the strict Kubernetes JSON schemas from kubernetes-types (structure, required fields, docs) and
// client-node's models (numeric formats, fields and API groups kubernetes-types lacks), into KUBERNETES_SCHEMA_DIR in kubeconform's
// `-schema-location` layout: `_definitions.json` with every definition, and one
// `{"$ref": "_definitions.json#/definitions/<name>"}` per top-level kind, so no kind's schema is inlined twice.

import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { KUBERNETES_DEFINITIONS_FILE, KUBERNETES_KIND_REF_PREFIX, KUBERNETES_SCHEMA_DIR, kubernetesSchemaFile } from "../../lib/schema/kubernetes-schemas.ts";
import { stableJson } from "../stable-json.ts";
import { apiVersionOf, type GroupVersionKind } from "./api-names.ts";
import { enrichWithClientModels } from "./client-node-enrich.ts";
import { loadClientModels } from "./client-node-models.ts";
import { CLIENT_ONLY_GROUPS, readClientOnlyDeclarations } from "./client-only-groups.ts";
import { readDeclarations } from "./dts-reader.ts";
import { locateSources } from "./sources.ts";
import type { JsonSchema } from "./strict.ts";
import { buildDefinitions } from "./to-json-schema.ts";

export interface KubernetesSchemaBuild {
  /** File name → text, for every file of KUBERNETES_SCHEMA_DIR. */
  files: Map<string, string>;
  /** Numeric fields without a client-node format, generated as integers (see typeSchema). */
  numbersWithoutFormat: string[];
}

/** Builds the schema files in memory from the packages installed under `root`. */
export async function buildKubernetesSchemas(root: string): Promise<KubernetesSchemaBuild> {
  const sources = await locateSources(root);
  const fromTypes = await readDeclarations(sources.typesDir);
  const models = await loadClientModels(sources.modelsDir);
  const fromClient = await readClientOnlyDeclarations(models, CLIENT_ONLY_GROUPS, fromTypes);
  const enriched = await enrichWithClientModels([...fromTypes, ...fromClient], models);
  const files = layoutSchemaFiles(buildDefinitions(enriched.declarations));
  return { files, numbersWithoutFormat: enriched.numbersWithoutFormat };
}

/**
 * Writes the schema files into `outDir` (default `<root>/KUBERNETES_SCHEMA_DIR`), removes JSON files there that
 * are no longer generated, and returns the absolute paths written, sorted.
 */
export async function generateKubernetesSchemas(root: string, outDir: string = path.join(root, KUBERNETES_SCHEMA_DIR)): Promise<string[]> {
  const { files } = await buildKubernetesSchemas(root);
  await mkdir(outDir, { recursive: true });
  for (const existing of await readdir(outDir)) {
    if (existing.endsWith(".json") && !files.has(existing)) await rm(path.join(outDir, existing));
  }
  const written: string[] = [];
  for (const [name, text] of files) {
    await writeFile(path.join(outDir, name), text, "utf8");
    written.push(path.join(outDir, name));
  }
  return written;
}

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
