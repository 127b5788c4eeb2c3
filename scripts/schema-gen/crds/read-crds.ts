// Reads CustomResourceDefinition documents from YAML files and checks the parts the schema generator relies on,
// so a malformed manifest fails with a message naming its file instead of producing a wrong schema.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseAllDocuments } from "yaml";

export type SchemaNode = Record<string, unknown>;

/** One served version of one CRD, with where it was declared. */
export interface CrdVersion {
  /** Repo-relative file the CRD was read from. */
  file: string;
  crdName: string;
  group: string;
  kind: string;
  version: string;
  schema: SchemaNode;
}

export class CrdManifestError extends Error {
  readonly file: string;
  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = "CrdManifestError";
    this.file = file;
  }
}

// CRD manifests reuse sub-schemas through YAML anchors (one schema for several served versions, shared selectors),
// so the bound on alias expansion is generous; it still stops an exponential "billion laughs" document.
const MAX_ALIAS_EXPANSION = 10_000;

/** Every served version of every CustomResourceDefinition in one file (other documents are ignored). */
export async function readCrdVersions(root: string, file: string): Promise<CrdVersion[]> {
  const text = await readFile(path.join(root, file), "utf8");
  return crdVersionsFromYaml(text, file);
}

export function crdVersionsFromYaml(text: string, file: string): CrdVersion[] {
  const versions: CrdVersion[] = [];
  for (const doc of parseAllDocuments(text)) {
    const problem = doc.errors[0];
    if (problem) throw new CrdManifestError(file, `invalid YAML: ${problem.message.split("\n")[0]}`);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
    } catch (error) {
      throw new CrdManifestError(file, `invalid YAML: ${(error as Error).message}`);
    }
    if (!isObject(value) || value.kind !== "CustomResourceDefinition") continue;
    versions.push(...servedVersions(value, file));
  }
  return versions;
}

function servedVersions(crd: SchemaNode, file: string): CrdVersion[] {
  const name = isObject(crd.metadata) && typeof crd.metadata.name === "string" ? crd.metadata.name : "";
  const fail = (detail: string): never => {
    throw new CrdManifestError(file, `CustomResourceDefinition "${name || "<unnamed>"}" ${detail}`);
  };
  if (!name) fail("has no metadata.name");
  if (crd.apiVersion !== "apiextensions.k8s.io/v1") fail(`has apiVersion "${String(crd.apiVersion)}"; expected apiextensions.k8s.io/v1`);
  const spec = isObject(crd.spec) ? crd.spec : fail("has no spec");
  const group = nonEmptyString(spec.group) ?? fail("has no spec.group");
  const names = isObject(spec.names) ? spec.names : fail("has no spec.names");
  const kind = nonEmptyString(names.kind) ?? fail("has no spec.names.kind");
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) fail("has no spec.versions");

  const result: CrdVersion[] = [];
  (spec.versions as unknown[]).forEach((entry, index) => {
    const at = `spec.versions[${index}]`;
    if (!isObject(entry)) return fail(`has a non-object ${at}`);
    const version = nonEmptyString(entry.name) ?? fail(`has no ${at}.name`);
    if (entry.served !== true) return;
    const schema = isObject(entry.schema) && isObject(entry.schema.openAPIV3Schema) ? entry.schema.openAPIV3Schema : undefined;
    if (!schema) return fail(`version ${version} is served but has no ${at}.schema.openAPIV3Schema`);
    result.push({ file, crdName: name, group, kind, version, schema });
  });
  return result;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

export function isObject(value: unknown): value is SchemaNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
