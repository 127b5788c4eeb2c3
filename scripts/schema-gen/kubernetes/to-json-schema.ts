// Turns the declaration model into JSON Schema definitions named and shaped like the Kubernetes OpenAPI's,
// then applies the strictness transform.

import { INT_OR_STRING_DEFINITION, definitionName, groupVersionKindOf } from "./api-names.ts";
import type { DeclarationModel, PropertyModel, TypeShape } from "./model.ts";
import { makeStrict, type JsonSchema } from "./strict.ts";

/**
 * Types whose TypeScript spelling loses what the wire format allows; their schemas follow the Go types' custom
 * JSON (un)marshalling. Quantity is a string in TypeScript but Go also reads a bare JSON number (`cpu: 2`);
 * Time and MicroTime are RFC 3339 strings; apiextensions JSON is any JSON value.
 */
const WELL_KNOWN: Readonly<Record<string, JsonSchema>> = {
  "io.k8s.apimachinery.pkg.api.resource.Quantity": { oneOf: [{ type: "string" }, { type: "number" }] },
  "io.k8s.apimachinery.pkg.apis.meta.v1.Time": { type: "string", format: "date-time" },
  "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime": { type: "string", format: "date-time" },
  "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON": {},
};

const INT_OR_STRING: JsonSchema = {
  description: "IntOrString holds either an integer or a string; a string port or percentage, or a plain number.",
  oneOf: [{ type: "string" }, { type: "integer" }],
  "x-kubernetes-int-or-string": true,
};

export const DEFINITIONS_REF_PREFIX = "#/definitions/";

/** Definition name → strict JSON schema, for every declaration plus IntOrString. */
export function buildDefinitions(declarations: readonly DeclarationModel[]): Record<string, JsonSchema> {
  const definitions: Record<string, JsonSchema> = { [INT_OR_STRING_DEFINITION]: INT_OR_STRING };
  for (const declaration of declarations) {
    const name = definitionName(declaration);
    if (definitions[name]) throw new Error(`two declarations map to the definition name ${name}`);
    definitions[name] = withDescription(declarationSchema(name, declaration), declaration.description);
  }
  const strict = makeStrict({ definitions }).definitions as Record<string, JsonSchema>;
  assertReferencesResolve(strict);
  return strict;
}

function declarationSchema(name: string, declaration: DeclarationModel): JsonSchema {
  const wellKnown = WELL_KNOWN[name];
  if (wellKnown) return { ...wellKnown };
  if (declaration.body.kind === "alias") return typeSchema(declaration.body.type);
  const { properties } = declaration.body;
  // Interfaces without fields stand for Go types with custom JSON (RawExtension, FieldsV1) or empty structs:
  // an object of any shape, as in the OpenAPI.
  if (properties.length === 0) return { type: "object" };
  const schema: JsonSchema = {
    type: "object",
    properties: Object.fromEntries(properties.map((property) => [property.name, propertySchema(property)])),
  };
  const required = properties
    .filter((property) => !property.optional)
    .map((property) => property.name)
    .sort();
  if (required.length > 0) schema.required = required;
  const gvk = groupVersionKindOf(declaration);
  if (gvk) schema["x-kubernetes-group-version-kind"] = [gvk];
  return schema;
}

/**
 * An optional field also accepts null: the API server decodes `field: null` as the field left out (kubectl writes
 * `creationTimestamp: null`), and kubeconform's schemas say the same. A required field stays non-null.
 */
function propertySchema(property: PropertyModel): JsonSchema {
  const schema = typeSchema(property.type, property.format);
  return withDescription(property.optional ? nullable(schema) : schema, property.description);
}

export function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === "string" && schema.enum === undefined) return { ...schema, type: [schema.type, "null"] };
  return { anyOf: [schema, { type: "null" }] };
}

/**
 * `format` is the field's OpenAPI format from client-node and applies to the innermost value. A number without
 * one (a type or field client-node 1.4 no longer has, such as resource/v1alpha2) is an integer: the Kubernetes
 * API conventions keep floats out of the API, and the only float fields (JSONSchemaProps' bounds) have formats.
 */
export function typeSchema(type: TypeShape, format?: string): JsonSchema {
  switch (type.kind) {
    case "string":
      return format === "byte" ? { type: "string", format } : { type: "string" };
    case "number":
      if (format === "double" || format === "float") return { type: "number", format };
      return format ? { type: "integer", format } : { type: "integer" };
    case "boolean":
      return { type: "boolean" };
    case "literal":
      return { type: "string", enum: [type.value] };
    case "array":
      return { type: "array", items: typeSchema(type.items, format) };
    case "map":
      return { type: "object", additionalProperties: typeSchema(type.values, format) };
    case "intOrString":
      return { $ref: `${DEFINITIONS_REF_PREFIX}${INT_OR_STRING_DEFINITION}` };
    case "union":
      return { oneOf: type.members.map((member) => typeSchema(member)) };
    case "ref":
      return { $ref: `${DEFINITIONS_REF_PREFIX}${definitionName(type.target)}` };
  }
}

function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
  return description ? { description, ...schema } : schema;
}

function assertReferencesResolve(definitions: Record<string, JsonSchema>): void {
  const visit = (value: unknown, from: string): void => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item, from));
    if (typeof value !== "object" || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string" && !definitions[child.slice(DEFINITIONS_REF_PREFIX.length)]) {
        throw new Error(`${from} refers to ${child}, which is not defined`);
      }
      visit(child, from);
    }
  };
  for (const [name, schema] of Object.entries(definitions)) visit(schema, name);
}
