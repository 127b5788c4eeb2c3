// The intermediate model between the TypeScript declarations and the JSON schemas: what a declaration says,
// with references resolved to (module, name) pairs so that naming rules live in one place (api-modules.ts).

/** A module of kubernetes-types, by its path inside the package without `.d.ts`, e.g. `apps/v1`, `runtime`. */
export type ModulePath = string;

export interface DeclarationRef {
  module: ModulePath;
  name: string;
}

export type TypeShape =
  | { kind: "string" }
  | { kind: "number" }
  | { kind: "boolean" }
  | { kind: "literal"; value: string }
  | { kind: "array"; items: TypeShape }
  | { kind: "map"; values: TypeShape }
  /** kubernetes-types spells IntOrString inline as `number | string`. */
  | { kind: "intOrString" }
  | { kind: "union"; members: TypeShape[] }
  | { kind: "ref"; target: DeclarationRef };

export interface PropertyModel {
  /** The JSON field name. */
  name: string;
  optional: boolean;
  description?: string;
  type: TypeShape;
  /** Numeric format (`int32`, `int64`, `double`) or string format (`byte`) when a source states one. */
  format?: string;
}

export type DeclarationBody = { kind: "interface"; properties: PropertyModel[] } | { kind: "alias"; type: TypeShape };

export interface DeclarationModel extends DeclarationRef {
  description?: string;
  body: DeclarationBody;
}
