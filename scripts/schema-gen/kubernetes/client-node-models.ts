// Reads the generated model classes of @kubernetes/client-node: each class's static `attributeTypeMap` lists its
// fields with their JSON name, a TypeScript-ish type string and the OpenAPI `format` (int32, int64, double, byte,
// int-or-string, ...). kubernetes-types drops that format (every number is just `number`), so this is where
// integer versus number comes from.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { docComment } from "./dts-reader.ts";

export interface ClientAttribute {
  /** The TypeScript property name in the class, e.g. `x_kubernetes_validations`. */
  name: string;
  /** The JSON field name, e.g. `x-kubernetes-validations`. */
  baseName: string;
  /** e.g. `number`, `Array<V1ValidationRule>`, `{ [key: string]: string; }`. */
  type: string;
  format: string;
}

export interface ClientModels {
  /** Class name → its attributes, for every model class. */
  classes: ReadonlyMap<string, readonly ClientAttribute[]>;
  /** Folder holding the classes' `<Class>.d.ts` files (for field docs). */
  modelsDir: string;
}

/** Imports `<modelsDir>/all.js` and collects every exported class that carries an `attributeTypeMap`. */
export async function loadClientModels(modelsDir: string): Promise<ClientModels> {
  const exports: Record<string, unknown> = await import(pathToFileURL(path.join(modelsDir, "all.js")).href);
  const classes = new Map<string, readonly ClientAttribute[]>();
  for (const [name, value] of Object.entries(exports).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const attributes = (value as { attributeTypeMap?: unknown } | undefined)?.attributeTypeMap;
    if (typeof value === "function" && Array.isArray(attributes)) classes.set(name, attributes.map(toAttribute));
  }
  if (classes.size === 0) throw new Error(`no model classes with an attributeTypeMap found in ${modelsDir}/all.js`);
  return { classes, modelsDir };
}

function toAttribute(entry: Record<string, unknown>): ClientAttribute {
  const { name, baseName, type, format } = entry;
  if (typeof name !== "string" || typeof baseName !== "string" || typeof type !== "string") {
    throw new Error(`malformed attributeTypeMap entry: ${JSON.stringify(entry)}`);
  }
  return { name, baseName, type, format: typeof format === "string" ? format : "" };
}

/**
 * client-node names a class `V1Foo`, or `<Group>V1Foo` when several API groups define a `Foo` in the same
 * version (e.g. `CoreV1Event` and `EventsV1Event`), so the group-qualified name is tried first.
 * Modules without a group/version (runtime, api/resource, version) have no classes.
 */
export function clientClassCandidates(module: string, name: string): string[] {
  const [group, version] = module.split("/");
  if (!version) return [];
  return [`${pascal(group)}${pascal(version)}${name}`, `${pascal(version)}${name}`];
}

export function findClientClass(models: ClientModels, module: string, name: string): string | undefined {
  return clientClassCandidates(module, name).find((candidate) => models.classes.has(candidate));
}

export interface ClientFieldDeclaration {
  description?: string;
  optional: boolean;
}

export interface ClientClassDeclaration {
  description?: string;
  /** By TypeScript property name (`x_kubernetes_validations`), as in ClientAttribute.name. */
  fields: ReadonlyMap<string, ClientFieldDeclaration>;
}

/** How `<modelsDir>/<className>.d.ts` declares the class (docs, `?`), read with the TypeScript parser. */
export async function readClientClass(models: ClientModels, className: string): Promise<ClientClassDeclaration> {
  const file = path.join(models.modelsDir, `${className}.d.ts`);
  const source = ts.createSourceFile(file, await readFile(file, "utf8"), ts.ScriptTarget.Latest, true);
  const declaration = source.statements.find(
    (statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === className,
  );
  if (!declaration) throw new Error(`${file} declares no class ${className}`);
  const fields = new Map<string, ClientFieldDeclaration>();
  for (const member of declaration.members) {
    if (!ts.isPropertyDeclaration(member) || !ts.isStringLiteral(member.name)) continue;
    fields.set(member.name.text, { description: clientDoc(member), optional: member.questionToken !== undefined });
  }
  return { description: clientDoc(declaration), fields };
}

/** How `property` (a TypeScript property name) is declared in the class; throws when it is not. */
export async function clientFieldDeclaration(models: ClientModels, className: string, property: string): Promise<ClientFieldDeclaration> {
  const field = (await readClientClass(models, className)).fields.get(property);
  if (!field) throw new Error(`${path.join(models.modelsDir, `${className}.d.ts`)} declares no property '${property}'`);
  return field;
}

/** The model generator escapes quotes inside its doc comments. */
function clientDoc(node: ts.Node): string | undefined {
  return docComment(node)?.replaceAll(`\\"`, `"`);
}

function pascal(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
