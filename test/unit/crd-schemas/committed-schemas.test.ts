// The committed schemas/crds/json/ must be exactly what the generator writes from the committed CRD manifests
// (regenerate with `npm run schemas` when a manifest changes), and every schema must compile cleanly.

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CRD_SCHEMA_DIR } from "../../../scripts/lib/schema/crd-schemas.ts";
import { generateCrdSchemas } from "../../../scripts/schema-gen/crds/generate-crd-schemas.ts";
import { createCrdAjv } from "./crd-ajv.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const committedDir = path.join(repoRoot, CRD_SCHEMA_DIR);

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = `${prefix}${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(path.join(dir, entry.name), `${relative}/`)));
    else files.push(relative);
  }
  return files.sort();
}

describe("committed CRD schemas", () => {
  let tempDir = "";
  afterAll(async () => {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it("are byte-identical to a fresh generation", async () => {
    tempDir = await mkdtemp(path.join(tmpdir(), "crd-schemas-fresh-"));
    await generateCrdSchemas(repoRoot, tempDir);
    const fresh = await listFiles(tempDir);
    expect(await listFiles(committedDir)).toEqual(fresh);
    for (const file of fresh) {
      const [expected, actual] = await Promise.all([readFile(path.join(tempDir, file), "utf8"), readFile(path.join(committedDir, file), "utf8")]);
      expect(actual, `${CRD_SCHEMA_DIR}/${file} is stale; run npm run schemas`).toBe(expected);
    }
  });

  it("compile with ajv without warnings", async () => {
    const ajv = createCrdAjv();
    const files = await listFiles(committedDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const schema = JSON.parse(await readFile(path.join(committedDir, file), "utf8"));
      expect(() => ajv.compile(schema), file).not.toThrow();
    }
  });
});
