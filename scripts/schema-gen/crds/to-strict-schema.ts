// Turns one CRD version's openAPIV3Schema into a strict JSON schema the way kubeconform's openapi2jsonschema
// does with -strict: unknown fields are rejected wherever the schema lists properties, unless Kubernetes itself
// would keep them (x-kubernetes-preserve-unknown-fields); int-or-string and nullable become plain JSON schema.
// Optional fields (and map values) also accept null, as for built-in kinds: the API server prunes a null it may not
// keep before it validates ("null values for fields that either don't specify the nullable flag, or give it a false
// value, will be pruned before defaulting happens"), so only a required field left null fails.

import { isObject, type SchemaNode } from "./read-crds.ts";

const PRESERVE_UNKNOWN = "x-kubernetes-preserve-unknown-fields";
const INT_OR_STRING = "x-kubernetes-int-or-string";
const SCHEMA_MAP_KEYWORDS = ["properties", "patternProperties", "definitions"] as const;
const SCHEMA_LIST_KEYWORDS = ["allOf", "anyOf", "oneOf"] as const;
const SCHEMA_KEYWORDS = ["additionalProperties", "items", "not"] as const;

/** Thrown for a schema node that is not an object; `pointer` is a JSON pointer into the openAPIV3Schema. */
export class SchemaShapeError extends Error {
  readonly pointer: string;
  constructor(pointer: string, detail: string) {
    super(`openAPIV3Schema${pointer}: ${detail}`);
    this.name = "SchemaShapeError";
    this.pointer = pointer;
  }
}

export interface ResourceIdentity {
  group: string;
  version: string;
  kind: string;
}

/** The strict JSON schema for one served version of a custom resource. Does not modify its input. */
export function toStrictSchema(openApiSchema: SchemaNode, id: ResourceIdentity): SchemaNode {
  const schema = strictNode(openApiSchema, "");
  return withResourceRoot(schema, id);
}

function strictNode(node: unknown, pointer: string): SchemaNode {
  if (!isObject(node)) throw new SchemaShapeError(pointer, `expected a schema object, found ${describe(node)}`);
  const out: SchemaNode = { ...node };

  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const map = node[keyword];
    if (map === undefined) continue;
    if (!isObject(map)) throw new SchemaShapeError(`${pointer}/${keyword}`, `expected a map of schemas, found ${describe(map)}`);
    out[keyword] = Object.fromEntries(Object.entries(map).map(([name, child]) => [name, strictNode(child, `${pointer}/${keyword}/${escape(name)}`)]));
  }
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    const list = node[keyword];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new SchemaShapeError(`${pointer}/${keyword}`, `expected a list of schemas, found ${describe(list)}`);
    out[keyword] = list.map((child, i) => strictNode(child, `${pointer}/${keyword}/${i}`));
  }
  for (const keyword of SCHEMA_KEYWORDS) {
    const child = node[keyword];
    if (child === undefined || typeof child === "boolean") continue;
    if (keyword === "items" && Array.isArray(child)) {
      out.items = child.map((item, i) => strictNode(item, `${pointer}/items/${i}`));
    } else {
      out[keyword] = strictNode(child, `${pointer}/${keyword}`);
    }
  }

  if (isObject(out.properties)) out.properties = withOptionalNull(out.properties, mustNotBeNull(node, pointer));
  if (isObject(out.additionalProperties)) out.additionalProperties = acceptNull(out.additionalProperties);

  if (node[INT_OR_STRING] === true) spellOutIntOrString(out);
  delete out.nullable;
  if (out.properties !== undefined && node[PRESERVE_UNKNOWN] !== true && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return node.nullable === true ? acceptNull(out) : out;
}

/** Required fields, and at the resource root apiVersion and kind (the API server needs both to decode it). */
function mustNotBeNull(node: SchemaNode, pointer: string): Set<string> {
  const required = Array.isArray(node.required) ? node.required.map(String) : [];
  return new Set(pointer === "" ? [...required, "apiVersion", "kind"] : required);
}

function withOptionalNull(properties: SchemaNode, nonNull: ReadonlySet<string>): SchemaNode {
  return Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, nonNull.has(name) || !isObject(child) ? child : acceptNull(child)]));
}

/**
 * The schema, widened to accept null as well (spelled like the built-in kinds' optional fields): a second type when
 * no other keyword applies to null, a null alternative added to an int-or-string's anyOf, otherwise
 * `anyOf: [schema, {type: null}]`. An enum or a combinator may reject null, and a `format` must never see it:
 * kubeconform's duration check assumes a string and crashes on null.
 */
function acceptNull(schema: SchemaNode): SchemaNode {
  if (admitsNull(schema)) return schema;
  if (!hasConstraintBesidesType(schema)) {
    if (typeof schema.type === "string" && schema.anyOf === undefined) return { ...schema, type: [schema.type, "null"] };
    if (Array.isArray(schema.anyOf) && schema.type === undefined) return { ...schema, anyOf: [...schema.anyOf, { type: "null" }] };
  }
  return { anyOf: [schema, { type: "null" }] };
}

/** Keywords that may reject null whatever the type says, or (format) that a validator may apply to it. */
const NULL_SENSITIVE_KEYWORDS = ["enum", "const", "$ref", "oneOf", "allOf", "not", "format"] as const;

function hasConstraintBesidesType(schema: SchemaNode): boolean {
  return NULL_SENSITIVE_KEYWORDS.some((keyword) => schema[keyword] !== undefined);
}

function admitsNull(schema: SchemaNode): boolean {
  if (hasConstraintBesidesType(schema)) return false;
  const { type, anyOf } = schema;
  const typeAdmits = type === undefined || type === "null" || (Array.isArray(type) && type.includes("null"));
  return typeAdmits && (!Array.isArray(anyOf) || anyOf.some((alternative) => isObject(alternative) && alternative.type === "null"));
}

function spellOutIntOrString(out: SchemaNode): void {
  delete out.type;
  delete out.format;
  out.anyOf = [{ type: "integer" }, { type: "string" }];
}

function withResourceRoot(schema: SchemaNode, id: ResourceIdentity): SchemaNode {
  const properties = isObject(schema.properties) ? { ...schema.properties } : {};
  const apiVersion = `${id.group}/${id.version}`;
  properties.apiVersion = { ...asNode(properties.apiVersion), type: "string", enum: [apiVersion] };
  properties.kind = { ...asNode(properties.kind), type: "string", enum: [id.kind] };
  properties.metadata ??= acceptNull({ type: "object" });
  const root: SchemaNode = { ...schema, type: "object", properties };
  if (schema[PRESERVE_UNKNOWN] !== true) root.additionalProperties ??= false;
  return root;
}

function asNode(value: unknown): SchemaNode {
  return isObject(value) ? value : {};
}

function escape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return `${typeof value} ${JSON.stringify(value)}`;
}
