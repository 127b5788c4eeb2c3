// Where the strict Kubernetes JSON schemas live and how their files are named, in kubeconform's
// `-schema-location` layout: `_definitions.json` holds every definition; one small file per kind refers into it.

/** The Kubernetes version the committed schemas describe (from kubernetes-types). */
export const KUBERNETES_VERSION = "1.30.0";

/** Repo-relative folder of the generated schemas (`-schema-location schemas/kubernetes/{{.NormalizedKubernetesVersion}}-local-strict/...`). */
export const KUBERNETES_SCHEMA_DIR = "schemas/kubernetes/v1.30.0-local-strict";

/** The file inside KUBERNETES_SCHEMA_DIR holding `{"definitions": {...}}`. */
export const KUBERNETES_DEFINITIONS_FILE = "_definitions.json";

/** What a per-kind file's `$ref` starts with, followed by the definition name. */
export const KUBERNETES_KIND_REF_PREFIX = `${KUBERNETES_DEFINITIONS_FILE}#/definitions/`;

/**
 * Custom keywords the definitions carry besides standard JSON Schema; a strict ajv must be told about them
 * (`ajv.addVocabulary([...KUBERNETES_DEFINITION_KEYWORDS])`). Neither changes validation: int-or-string is
 * spelled out as `oneOf`, and group-version-kind names the object a definition describes.
 */
export const KUBERNETES_DEFINITION_KEYWORDS = ["x-kubernetes-group-version-kind", "x-kubernetes-int-or-string"] as const;

/**
 * File name (inside KUBERNETES_SCHEMA_DIR) of the schema for a kind: `<kind lowercased>-<group before its first
 * dot>-<version>.json`, or `<kind lowercased>-<version>.json` for the core group, e.g.
 * `kubernetesSchemaFile("networking.k8s.io/v1", "Ingress")` → `ingress-networking-v1.json`.
 */
export function kubernetesSchemaFile(apiVersion: string, kind: string): string {
  const parts = apiVersion.split("/");
  if (parts.length > 2 || parts.some((part) => part === "")) throw new Error(`malformed apiVersion "${apiVersion}"`);
  if (kind === "") throw new Error(`kind is empty for apiVersion "${apiVersion}"`);
  const [groupOrVersion, version] = parts;
  if (version === undefined) return `${kind.toLowerCase()}-${groupOrVersion}.json`;
  return `${kind.toLowerCase()}-${groupOrVersion.split(".")[0]}-${version}.json`;
}

/** The definition name a per-kind file refers to, e.g. `io.k8s.api.apps.v1.Deployment`. */
export function kubernetesDefinitionName(kindSchema: unknown): string {
  const ref = (kindSchema as { $ref?: unknown } | null)?.$ref;
  if (typeof ref !== "string" || !ref.startsWith(KUBERNETES_KIND_REF_PREFIX) || ref === KUBERNETES_KIND_REF_PREFIX) {
    throw new Error(`not a per-kind Kubernetes schema (expected {"$ref": "${KUBERNETES_KIND_REF_PREFIX}<name>"}): ${JSON.stringify(kindSchema)}`);
  }
  return ref.slice(KUBERNETES_KIND_REF_PREFIX.length);
}
