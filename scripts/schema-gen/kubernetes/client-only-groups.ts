// API groups that Kubernetes 1.30 serves but kubernetes-types does not cover, read from client-node's model
// classes instead: structure and types from `attributeTypeMap`, optional versus required (`?`) and docs from
// the classes' declaration files. kubernetes-types is generated from k8s.io/api, apimachinery and
// apiextensions-apiserver only, which leaves out kube-aggregator's apiregistration.k8s.io (APIService, used by
// metrics-server, KEDA and prometheus-adapter). Its v1 types are stable since Kubernetes 1.10, so client-node's
// newer classes describe 1.30 as well; the conformance corpus checks APIService against the reference.

import { findClientClass, readClientClass, type ClientModels } from "./client-node-models.ts";
import { parseClientType } from "./client-node-enrich.ts";
import type { DeclarationModel, DeclarationRef, ModulePath, PropertyModel } from "./model.ts";

export interface ClientOnlyGroup {
  module: ModulePath;
  apiVersion: string;
  /** Declaration name → client-node class name, for every type of the group. */
  types: Readonly<Record<string, string>>;
  /** The types that are top-level kinds (their apiVersion and kind become literals). */
  kinds: readonly string[];
}

export const CLIENT_ONLY_GROUPS: readonly ClientOnlyGroup[] = [
  {
    module: "apiregistration/v1",
    apiVersion: "apiregistration.k8s.io/v1",
    types: {
      APIService: "V1APIService",
      APIServiceCondition: "V1APIServiceCondition",
      APIServiceList: "V1APIServiceList",
      APIServiceSpec: "V1APIServiceSpec",
      APIServiceStatus: "V1APIServiceStatus",
      ServiceReference: "ApiregistrationV1ServiceReference",
    },
    kinds: ["APIService", "APIServiceList"],
  },
];

/** client-node types its Time and MicroTime fields as JavaScript dates. */
const CLIENT_DATE: DeclarationRef = { module: "meta/v1", name: "Time" };

/**
 * Declarations for the groups' types. `known` are the kubernetes-types declarations, so that references to
 * shared types (ObjectMeta, ListMeta) resolve to them.
 */
export async function readClientOnlyDeclarations(
  models: ClientModels,
  groups: readonly ClientOnlyGroup[],
  known: readonly DeclarationModel[],
): Promise<DeclarationModel[]> {
  const classToDeclaration = new Map<string, DeclarationRef>([["Date", CLIENT_DATE]]);
  for (const { module, name } of known) {
    const className = findClientClass(models, module, name);
    if (className) classToDeclaration.set(className, { module, name });
  }
  for (const group of groups) {
    for (const [name, className] of Object.entries(group.types)) classToDeclaration.set(className, { module: group.module, name });
  }
  const declarations: DeclarationModel[] = [];
  for (const group of groups) {
    for (const [name, className] of Object.entries(group.types)) {
      const attributes = models.classes.get(className);
      if (!attributes) throw new Error(`client-node has no class ${className} for ${group.module}.${name}`);
      const declared = await readClientClass(models, className);
      const literals: Record<string, string> = group.kinds.includes(name) ? { apiVersion: group.apiVersion, kind: name } : {};
      const properties = attributes.map((attribute): PropertyModel => {
        const field = declared.fields.get(attribute.name);
        if (!field) throw new Error(`${className}.d.ts declares no property '${attribute.name}'`);
        const literal = literals[attribute.baseName];
        const type = literal ? { kind: "literal" as const, value: literal } : parseClientType(attribute.type, classToDeclaration);
        return { name: attribute.baseName, optional: field.optional, description: field.description, type };
      });
      declarations.push({ module: group.module, name, description: declared.description, body: { kind: "interface", properties } });
    }
  }
  return declarations;
}
