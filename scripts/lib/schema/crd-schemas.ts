// Where the strict JSON schemas generated from CRD manifests live, in kubeconform's CRD layout
// (`<group>/<kind>_<version>.json`, kind lowercased, as openapi2jsonschema and the CRDs-catalog write them).

/** Repo-relative folder holding the generated CRD JSON schemas. */
export const CRD_SCHEMA_DIR = "schemas/crds/json";

/** `kubeconform -schema-location` value that resolves the generated CRD schemas from the repo root. */
export const KUBECONFORM_CRD_SCHEMA_LOCATION = `${CRD_SCHEMA_DIR}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`;

/**
 * Kubernetes OpenAPI extension keywords the generated schemas may carry. They do not change validation
 * (int-or-string is already spelled out as `anyOf`), so a validator registers them as plain keywords:
 * `for (const k of KUBERNETES_SCHEMA_KEYWORDS) ajv.addKeyword(k)`.
 */
export const KUBERNETES_SCHEMA_KEYWORDS: readonly string[] = [
  "x-kubernetes-embedded-resource",
  "x-kubernetes-int-or-string",
  "x-kubernetes-list-map-keys",
  "x-kubernetes-list-type",
  "x-kubernetes-map-type",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-validations",
];

/** File name (without folder) of one CRD version's schema: `<kind lowercased>_<version>.json`. */
export function crdSchemaFileName(kind: string, version: string): string {
  return `${kind.toLowerCase()}_${version}.json`;
}

/**
 * Repo-relative path of the JSON schema for a custom resource, e.g.
 * `crdSchemaFile("argoproj.io/v1alpha1", "Application")` → `schemas/crds/json/argoproj.io/application_v1alpha1.json`.
 * Throws for core-group apiVersions (`v1`), which have no CRD.
 */
export function crdSchemaFile(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf("/");
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  if (slash <= 0 || version === "" || version.includes("/")) {
    throw new Error(`apiVersion "${apiVersion}" has no API group; only custom resources (group/version) have CRD schemas`);
  }
  if (kind === "") throw new Error(`kind is empty for apiVersion "${apiVersion}"`);
  return `${CRD_SCHEMA_DIR}/${group.toLowerCase()}/${crdSchemaFileName(kind, version)}`;
}
