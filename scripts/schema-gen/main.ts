// `npm run schemas`: regenerates every committed schema set under schemas/. Each generator owns one folder and
// takes the repository root; add new generators to GENERATORS.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateKubernetesSchemas } from "./kubernetes/generate.ts";
import { generateCrdSchemas } from "./crds/generate-crd-schemas.ts";
import { runSchemaGenerators, type SchemaGenerator } from "./run-generators.ts";

const GENERATORS: readonly SchemaGenerator[] = [
  { name: "kubernetes", generate: (root) => generateKubernetesSchemas(root) },
  { name: "crds", generate: (root) => generateCrdSchemas(root) },
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
process.exitCode = await runSchemaGenerators(root, GENERATORS, process.stdout, process.stderr);
