// The strictness transform (kubeconform `-strict`): every object schema that declares properties rejects
// undeclared ones. Walks only schema positions, so a property *named* "properties" is not mistaken for the keyword.

export type JsonSchema = { [keyword: string]: unknown };

const SCHEMA_MAP_KEYWORDS = ["definitions", "properties", "patternProperties"] as const;
const SCHEMA_KEYWORDS = ["items", "additionalProperties", "not"] as const;
const SCHEMA_LIST_KEYWORDS = ["oneOf", "anyOf", "allOf"] as const;

/** A deep copy of `schema` where every subschema with `properties` and no `additionalProperties` gets `false`. */
export function makeStrict(schema: JsonSchema): JsonSchema {
  const copy: JsonSchema = { ...schema };
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    if (isSchema(copy[keyword])) {
      const entries = Object.entries(copy[keyword]);
      copy[keyword] = Object.fromEntries(entries.map(([name, child]) => [name, isSchema(child) ? makeStrict(child) : child]));
    }
  }
  for (const keyword of SCHEMA_KEYWORDS) {
    if (isSchema(copy[keyword])) copy[keyword] = makeStrict(copy[keyword]);
  }
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    const list = copy[keyword];
    if (Array.isArray(list)) copy[keyword] = list.map((child) => (isSchema(child) ? makeStrict(child) : child));
  }
  const declaresProperties = isSchema(copy.properties) && Object.keys(copy.properties).length > 0;
  if (declaresProperties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
