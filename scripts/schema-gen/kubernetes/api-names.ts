// Naming: kubernetes-types modules → the definition names of the Kubernetes OpenAPI (`io.k8s.api.apps.v1.Deployment`),
// and the group/version/kind of top-level objects (those whose `apiVersion` and `kind` are string literals).

import type { DeclarationModel, DeclarationRef, ModulePath } from "./model.ts";

/** Modules outside k8s.io/api (apimachinery, apiextensions-apiserver, kube-aggregator), not under `io.k8s.api.*`. */
const NON_API_MODULE_PREFIXES: Readonly<Record<ModulePath, string>> = {
  "meta/v1": "io.k8s.apimachinery.pkg.apis.meta.v1",
  "api/resource": "io.k8s.apimachinery.pkg.api.resource",
  runtime: "io.k8s.apimachinery.pkg.runtime",
  version: "io.k8s.apimachinery.pkg.version",
  "apiextensions/v1": "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1",
  "apiregistration/v1": "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1",
};

/** kubernetes-types inlines IntOrString as `number | string`; the OpenAPI names it here. */
export const INT_OR_STRING_DEFINITION = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

export function definitionName(ref: DeclarationRef): string {
  const prefix = NON_API_MODULE_PREFIXES[ref.module];
  if (prefix) return `${prefix}.${ref.name}`;
  const segments = ref.module.split("/");
  if (segments.length !== 2 || segments.some((segment) => !/^[a-z][a-z0-9]*$/.test(segment))) {
    throw new Error(`module "${ref.module}" is neither an API group/version nor a known apimachinery module`);
  }
  return `io.k8s.api.${segments.join(".")}.${ref.name}`;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** The group/version/kind of a top-level object type, or undefined for types that are only embedded. */
export function groupVersionKindOf(declaration: DeclarationModel): GroupVersionKind | undefined {
  if (declaration.body.kind !== "interface") return undefined;
  const { properties } = declaration.body;
  const literal = (field: string): string | undefined => {
    const type = properties.find((property) => property.name === field)?.type;
    return type?.kind === "literal" ? type.value : undefined;
  };
  const apiVersion = literal("apiVersion");
  const kind = literal("kind");
  if (apiVersion === undefined || kind === undefined) return undefined;
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? { group: "", version: apiVersion, kind } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind };
}

export function apiVersionOf({ group, version }: GroupVersionKind): string {
  return group === "" ? version : `${group}/${version}`;
}
