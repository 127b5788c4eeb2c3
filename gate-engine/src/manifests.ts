// Reads GateNetwork, LearningPolicy and EndpointGate objects out of Kubernetes YAML manifests (the mounted-files
// source, for local runs): every object is checked by checkGateObjects, and the first problem stops the load.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { checkGateObjects, firstProblem } from "./check.ts";
import { GateEngineError, type Catalog } from "./model.ts";
import { isGateObject, readGateObject } from "./resources.ts";

export { GAIA_API_VERSION, parseDuration } from "./resources.ts";

/** The documents of one YAML text as plain values; a syntax error names the file. */
export function yamlObjects(text: string, source: string): unknown[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new GateEngineError(`${source}: invalid YAML: ${doc.errors[0].message}`);
    return doc.toJS() as unknown;
  });
}

/** Adds the gaia.tech objects of one YAML text to `into` (read, not yet compiled); other kinds are ignored. */
export function collectManifests(text: string, source: string, into: Catalog): Catalog {
  for (const obj of yamlObjects(text, source)) {
    if (!isGateObject(obj)) continue;
    let resource;
    try {
      resource = readGateObject(obj);
    } catch (err) {
      if (err instanceof GateEngineError) throw new GateEngineError(`${source} ${err.message}`, err.status, err.path);
      throw err;
    }
    if (resource.kind === "GateNetwork") into.networks.push(resource.value);
    else if (resource.kind === "LearningPolicy") into.policies.push(resource.value);
    else into.endpoints.push(resource.value);
  }
  return into;
}

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      // `..data` and `..<timestamp>` are how a mounted ConfigMap stages its files; the plain names link into them.
      .filter((e) => !e.name.startsWith(".."))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(async (e) => {
        const path = join(dir, e.name);
        if (e.isDirectory()) return yamlFiles(path);
        return /\.ya?ml$/.test(e.name) ? [path] : [];
      }),
  );
  return nested.flat();
}

/** Loads and checks every gaia.tech object from the YAML files under `dir` (recursively, in name order). */
export async function loadManifestDir(dir: string): Promise<Catalog> {
  const objects: unknown[] = [];
  const sources: string[] = [];
  for (const file of await yamlFiles(dir)) {
    for (const obj of yamlObjects(await readFile(file, "utf8"), file)) {
      objects.push(obj);
      sources.push(file);
    }
  }
  const checked = checkGateObjects(objects);
  const problem = firstProblem(checked, (i) => sources[i]);
  if (problem) throw problem;
  return checked.catalog;
}
