// Generates the strict Kubernetes JSON schemas from kubernetes-types (structure, required fields, docs) and
// client-node's models (numeric formats, fields kubernetes-types cannot spell), into KUBERNETES_SCHEMA_DIR.

import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { KUBERNETES_SCHEMA_DIR } from "../../lib/schema/kubernetes-schemas.ts";
import { enrichWithClientModels } from "./client-node-enrich.ts";
import { loadClientModels } from "./client-node-models.ts";
import { readDeclarations } from "./dts-reader.ts";
import { layoutSchemaFiles } from "./layout.ts";
import { locateSources } from "./sources.ts";
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
  const declarations = await readDeclarations(sources.typesDir);
  const models = await loadClientModels(sources.modelsDir);
  const enriched = await enrichWithClientModels(declarations, models);
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
