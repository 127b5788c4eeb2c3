// Reads the exported interfaces and type aliases of kubernetes-types' declaration files with the TypeScript
// compiler API: structure, optional (`?`) versus required fields, doc comments, and references resolved through
// the files' imports by the type checker.

import { readdir } from "node:fs/promises";
import path from "node:path";
import ts from "typescript";
import type { DeclarationModel, ModulePath, PropertyModel, TypeShape } from "./model.ts";

export class DeclarationShapeError extends Error {
  constructor(node: ts.Node, reason: string) {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    super(`${file.fileName}:${line + 1}: ${reason}: ${node.getText()}`);
    this.name = "DeclarationShapeError";
  }
}

/** Every `.d.ts` file under `packageDir`, sorted, as absolute paths. */
export async function listDeclarationFiles(packageDir: string): Promise<string[]> {
  const entries = await readdir(packageDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".d.ts"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** The declarations of every `.d.ts` file under `packageDir`, in file order then source order. */
export async function readDeclarations(packageDir: string): Promise<DeclarationModel[]> {
  const files = await listDeclarationFiles(packageDir);
  const program = ts.createProgram(files, { noEmit: true, types: [], noLib: true });
  const reader = new DeclarationReader(program.getTypeChecker(), packageDir);
  return files.flatMap((file) => reader.readFile(program.getSourceFile(file)!));
}

class DeclarationReader {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly packageDir: string,
  ) {}

  readFile(file: ts.SourceFile): DeclarationModel[] {
    const module = this.modulePathOf(file);
    const declarations: DeclarationModel[] = [];
    for (const statement of file.statements) {
      if (ts.isInterfaceDeclaration(statement)) {
        const properties = statement.members.map((member) => this.readProperty(member));
        declarations.push({ module, name: statement.name.text, description: docComment(statement), body: { kind: "interface", properties } });
      } else if (ts.isTypeAliasDeclaration(statement)) {
        const type = this.readType(statement.type);
        declarations.push({ module, name: statement.name.text, description: docComment(statement), body: { kind: "alias", type } });
      } else if (!ts.isImportDeclaration(statement)) {
        throw new DeclarationShapeError(statement, "unsupported top-level statement");
      }
    }
    return declarations;
  }

  private modulePathOf(file: ts.SourceFile): ModulePath {
    return path
      .relative(this.packageDir, file.fileName)
      .replace(/\.d\.ts$/, "")
      .split(path.sep)
      .join("/");
  }

  private readProperty(member: ts.TypeElement): PropertyModel {
    if (!ts.isPropertySignature(member) || !member.type) throw new DeclarationShapeError(member, "unsupported interface member");
    return {
      name: propertyName(member),
      optional: member.questionToken !== undefined,
      description: docComment(member),
      type: this.readType(member.type),
    };
  }

  private readType(node: ts.TypeNode): TypeShape {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { kind: "string" };
      case ts.SyntaxKind.NumberKeyword:
        return { kind: "number" };
      case ts.SyntaxKind.BooleanKeyword:
        return { kind: "boolean" };
    }
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { kind: "literal", value: node.literal.text };
    if (ts.isArrayTypeNode(node)) return { kind: "array", items: this.readType(node.elementType) };
    if (ts.isUnionTypeNode(node)) return this.readUnion(node);
    if (ts.isTypeLiteralNode(node)) return this.readMap(node);
    if (ts.isTypeReferenceNode(node)) return this.readReference(node);
    throw new DeclarationShapeError(node, "unsupported type");
  }

  private readUnion(node: ts.UnionTypeNode): TypeShape {
    const kinds = node.types.map((member) => member.kind).sort();
    const numberOrString = [ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.StringKeyword].sort();
    if (kinds.length === 2 && kinds.every((kind, i) => kind === numberOrString[i])) return { kind: "intOrString" };
    return { kind: "union", members: node.types.map((member) => this.readType(member)) };
  }

  /** `{ [name: string]: T }` is a map; any other inline object type is outside what kubernetes-types emits. */
  private readMap(node: ts.TypeLiteralNode): TypeShape {
    const [member] = node.members;
    const isStringIndex =
      node.members.length === 1 && ts.isIndexSignatureDeclaration(member) && member.parameters[0]?.type?.kind === ts.SyntaxKind.StringKeyword;
    if (!isStringIndex) throw new DeclarationShapeError(node, "unsupported inline object type");
    return { kind: "map", values: this.readType(member.type) };
  }

  private readReference(node: ts.TypeReferenceNode): TypeShape {
    const name = node.typeName.getText();
    if (name === "Array" && node.typeArguments?.length === 1) return { kind: "array", items: this.readType(node.typeArguments[0]) };
    let symbol = this.checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.[0];
    const isInPackage = declaration && !path.relative(this.packageDir, declaration.getSourceFile().fileName).startsWith("..");
    if (!declaration || !isInPackage || node.typeArguments) throw new DeclarationShapeError(node, "unresolved type reference");
    return { kind: "ref", target: { module: this.modulePathOf(declaration.getSourceFile()), name: symbol!.name } };
  }
}

function propertyName(member: ts.PropertySignature): string {
  if (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) return member.name.text;
  throw new DeclarationShapeError(member, "unsupported property name");
}

/** The text of the `/** ... *\/` comment right before `node`, without comment markers; undefined if none. */
export function docComment(node: ts.Node): string | undefined {
  const file = node.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(file.text, node.getFullStart()) ?? [];
  const last = ranges.at(-1);
  const raw = last ? file.text.slice(last.pos, last.end) : "";
  if (!raw.startsWith("/**")) return undefined;
  const lines = raw
    .slice(3, -2)
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, "").trimEnd());
  const text = lines.join("\n").trim();
  return text === "" ? undefined : text;
}
