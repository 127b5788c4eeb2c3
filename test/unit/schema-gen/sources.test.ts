import { mkdtemp, mkdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SchemaSourceError, locateSources } from "../../../scripts/schema-gen/kubernetes/sources.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const made: string[] = [];

async function fakeRoot(packages: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "schema-root-"));
  made.push(dir);
  await writeFile(path.join(dir, "package.json"), "{}");
  for (const [name, version] of Object.entries(packages)) {
    await mkdir(path.join(dir, "node_modules", name), { recursive: true });
    await writeFile(path.join(dir, "node_modules", name, "package.json"), JSON.stringify({ name, version }));
  }
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("locateSources", () => {
  it("finds the pinned packages of the project", async () => {
    const sources = await locateSources(root);
    // Resolution follows symlinks, so a linked node_modules (a mutation-testing sandbox) resolves to its target.
    const modules = await realpath(path.join(root, "node_modules"));
    expect(sources.typesDir).toBe(path.join(modules, "kubernetes-types"));
    expect(sources.modelsDir).toBe(path.join(modules, "@kubernetes", "client-node", "dist", "gen", "models"));
  });

  it("refuses a kubernetes-types version other than the pinned one", async () => {
    const dir = await fakeRoot({ "kubernetes-types": "1.31.0", "@kubernetes/client-node": "1.4.0" });
    await expect(locateSources(dir)).rejects.toThrow(SchemaSourceError);
    await expect(locateSources(dir)).rejects.toThrow(/kubernetes-types 1.31.0 is installed but .* pinned to kubernetes-types@1.30.0/);
  });

  it("refuses a client-node version other than the pinned one", async () => {
    const dir = await fakeRoot({ "kubernetes-types": "1.30.0", "@kubernetes/client-node": "1.3.0" });
    await expect(locateSources(dir)).rejects.toThrow(/@kubernetes\/client-node 1.3.0 is installed/);
  });

  it("reports a package that is not installed", async () => {
    const dir = await fakeRoot({ "kubernetes-types": "1.30.0" });
    await expect(locateSources(dir)).rejects.toThrow(/@kubernetes\/client-node is not installed/);
  });
});
