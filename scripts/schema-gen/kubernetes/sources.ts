// Locates the two npm packages the Kubernetes schemas are derived from and checks their pinned versions, so a
// dependency bump cannot silently change the schemas of the pinned Kubernetes version.

import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { KUBERNETES_VERSION } from "../../lib/schema/kubernetes-schemas.ts";

/** kubernetes-types is versioned like Kubernetes itself, so its version is the Kubernetes version. */
export const KUBERNETES_TYPES = { name: "kubernetes-types", version: KUBERNETES_VERSION } as const;
export const CLIENT_NODE = { name: "@kubernetes/client-node", version: "1.4.0" } as const;

export class SchemaSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SchemaSourceError";
  }
}

export interface KubernetesSchemaSources {
  /** Root of kubernetes-types (its `.d.ts` files). */
  typesDir: string;
  /** client-node's generated model classes (`all.js`, `<Class>.js`, `<Class>.d.ts`). */
  modelsDir: string;
}

export async function locateSources(root: string): Promise<KubernetesSchemaSources> {
  const typesDir = await packageDir(root, KUBERNETES_TYPES);
  const clientDir = await packageDir(root, CLIENT_NODE);
  return { typesDir, modelsDir: path.join(clientDir, "dist", "gen", "models") };
}

async function packageDir(root: string, expected: { name: string; version: string }): Promise<string> {
  const require = createRequire(path.join(root, "package.json"));
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${expected.name}/package.json`);
  } catch {
    throw new SchemaSourceError(`${expected.name} is not installed under ${root}; run npm ci`);
  }
  const { version } = JSON.parse(await readFile(manifestPath, "utf8")) as { version?: string };
  if (version !== expected.version) {
    throw new SchemaSourceError(`${expected.name} ${version} is installed but the Kubernetes schemas are pinned to ${expected.name}@${expected.version}`);
  }
  return path.dirname(manifestPath);
}
