// Adds what kubernetes-types leaves out and client-node's models state, for the same type and field:
// - the OpenAPI `format` of numeric fields (int32/int64/double: integer versus number) and of `byte` strings;
// - fields kubernetes-types 1.30.0 loses (see LOST_FIELDS); strict validation would reject them otherwise.
// client-node is generated from a newer Kubernetes than 1.30, so fields it has and kubernetes-types lacks are
// in general *newer* fields and stay out; only the losses below are taken from it.

import { clientFieldDeclaration, findClientClass, type ClientAttribute, type ClientModels } from "./client-node-models.ts";
import type { DeclarationModel, DeclarationRef, PropertyModel, TypeShape } from "./model.ts";

export interface EnrichedDeclarations {
  declarations: DeclarationModel[];
  /** `module.Type.field` of numeric fields no client-node model describes (they fall back to integer). */
  numbersWithoutFormat: string[];
}

export async function enrichWithClientModels(
  declarations: DeclarationModel[],
  models: ClientModels,
  lost: Readonly<Record<string, readonly string[]>> = LOST_FIELDS,
): Promise<EnrichedDeclarations> {
  const classToDeclaration = new Map<string, DeclarationRef>();
  for (const { module, name } of declarations) {
    const className = findClientClass(models, module, name);
    if (className) classToDeclaration.set(className, { module, name });
  }
  const matched = new Set([...classToDeclaration.values()].map(({ module, name }) => `${module}.${name}`));
  const unmatched = Object.keys(lost).filter((type) => !matched.has(type));
  if (unmatched.length > 0) throw new Error(`lost fields are listed for types without a client-node class: ${unmatched.join(", ")}`);
  const numbersWithoutFormat: string[] = [];
  const enriched: DeclarationModel[] = [];
  for (const declaration of declarations) {
    if (declaration.body.kind !== "interface") {
      enriched.push(declaration);
      continue;
    }
    const className = findClientClass(models, declaration.module, declaration.name);
    const attributes = new Map((className ? models.classes.get(className)! : []).map((attribute) => [attribute.baseName, attribute]));
    const properties = declaration.body.properties.map((property) => withFormat(property, attributes.get(property.name)));
    for (const property of properties) {
      if (innermost(property.type).kind === "number" && !property.format) {
        numbersWithoutFormat.push(`${declaration.module}.${declaration.name}.${property.name}`);
      }
    }
    const listed = lost[`${declaration.module}.${declaration.name}`] ?? [];
    if (className) properties.push(...(await lostFields(models, className, declaration, properties, listed, classToDeclaration)));
    enriched.push({ ...declaration, body: { kind: "interface", properties } });
  }
  return { declarations: enriched, numbersWithoutFormat };
}

function withFormat(property: PropertyModel, attribute: ClientAttribute | undefined): PropertyModel {
  if (!attribute || attribute.format === "") return property;
  const inner = innermost(property.type).kind;
  const attributeInner = innermostClientType(attribute.type);
  const numeric = inner === "number" && attributeInner === "number" && ["int32", "int64", "double", "float"].includes(attribute.format);
  const bytes = inner === "string" && attributeInner === "string" && attribute.format === "byte";
  return numeric || bytes ? { ...property, format: attribute.format } : property;
}

/** The element type under any arrays and maps: a format applies to the values, not to the container. */
export function innermost(type: TypeShape): TypeShape {
  if (type.kind === "array") return innermost(type.items);
  if (type.kind === "map") return innermost(type.values);
  return type;
}

/**
 * Fields kubernetes-types 1.30.0 loses although Kubernetes 1.30 has them:
 * - fields whose JSON names are not identifiers (JSONSchemaProps' `x-kubernetes-*`): every CRD using them
 *   would fail;
 * - in the types listed here, the first field whose documentation contains a comment terminator (star-slash, as
 *   in `'*\/scale'`) and every field after it. Each listed field must exist in client-node and be absent from kubernetes-types,
 *   so a kubernetes-types that stops losing them fails generation instead of being patched silently.
 */
export const LOST_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "admissionregistration/v1.NamedRuleWithOperations": ["resources", "scope"],
  "admissionregistration/v1.RuleWithOperations": ["resources", "scope"],
  "admissionregistration/v1alpha1.NamedRuleWithOperations": ["resources", "scope"],
  "admissionregistration/v1beta1.NamedRuleWithOperations": ["resources", "scope"],
  "authorization/v1.ResourceRule": ["resources", "verbs"],
};

async function lostFields(
  models: ClientModels,
  className: string,
  declaration: DeclarationRef,
  present: PropertyModel[],
  listed: readonly string[],
  classToDeclaration: ReadonlyMap<string, DeclarationRef>,
): Promise<PropertyModel[]> {
  const names = new Set(present.map((property) => property.name));
  const attributes = models.classes.get(className)!;
  for (const field of listed) {
    if (names.has(field) || !attributes.some((attribute) => attribute.baseName === field)) {
      throw new Error(`${declaration.module}.${declaration.name}.${field} is listed as lost, but kubernetes-types has it or client-node lacks it`);
    }
  }
  const added: PropertyModel[] = [];
  for (const attribute of attributes) {
    if (names.has(attribute.baseName) || (isIdentifier(attribute.baseName) && !listed.includes(attribute.baseName))) continue;
    const { description, optional } = await clientFieldDeclaration(models, className, attribute.name);
    const type = parseClientType(attribute.type, classToDeclaration);
    added.push(withFormat({ name: attribute.baseName, optional, description, type }, attribute));
  }
  return added;
}

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

const ARRAY_PREFIX = "Array<";
const MAP_PREFIX = "{ [key: string]: ";
const MAP_SUFFIX = "; }";

function innermostClientType(type: string): string {
  if (type.startsWith(ARRAY_PREFIX) && type.endsWith(">")) return innermostClientType(type.slice(ARRAY_PREFIX.length, -1));
  if (type.startsWith(MAP_PREFIX) && type.endsWith(MAP_SUFFIX)) return innermostClientType(type.slice(MAP_PREFIX.length, -MAP_SUFFIX.length));
  return type;
}

/** Parses client-node's type strings (the grammar its ObjectSerializer reads) into the model's shapes. */
export function parseClientType(type: string, classToDeclaration: ReadonlyMap<string, DeclarationRef>): TypeShape {
  if (type === "string" || type === "number" || type === "boolean") return { kind: type };
  if (type.startsWith(ARRAY_PREFIX) && type.endsWith(">")) {
    return { kind: "array", items: parseClientType(type.slice(ARRAY_PREFIX.length, -1), classToDeclaration) };
  }
  if (type.startsWith(MAP_PREFIX) && type.endsWith(MAP_SUFFIX)) {
    return { kind: "map", values: parseClientType(type.slice(MAP_PREFIX.length, -MAP_SUFFIX.length), classToDeclaration) };
  }
  const target = classToDeclaration.get(type);
  if (!target) throw new Error(`client-node type "${type}" has no counterpart in kubernetes-types`);
  return { kind: "ref", target };
}
