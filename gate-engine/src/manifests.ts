// Reads GateNetwork, LearningPolicy and EndpointGate objects out of Kubernetes YAML manifests (the mounted-files
// source, for local runs): every object is checked by checkGateObjects, and the first problem stops the load.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { checkGateObjects, firstProblem } from "./check.ts";
import { GateEngineError, type Catalog } from "./model.ts";
import { GAIA_API_VERSION, GATE_KINDS, isGateObject, readGateObject } from "./resources.ts";

const isGateKind = (kind: string): boolean => (GATE_KINDS as readonly string[]).includes(kind);

export { GAIA_API_VERSION, parseDuration } from "./resources.ts";

/**
 * The gaia.tech objects among the documents of one YAML text, as plain values; a syntax error in any document names
 * the file. Other documents (CRDs, Deployments beside the networks) are parsed but never converted to values.
 */
export function gateObjects(text: string, source: string): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new GateEngineError(`${source}: invalid YAML: ${doc.errors[0].message}`);
    // Plain scalars that name another kind skip the conversion; anything else (an alias, say) is converted and checked.
    const [apiVersion, kind] = [doc.get("apiVersion"), doc.get("kind")];
    if (typeof apiVersion === "string" && typeof kind === "string" && !(apiVersion === GAIA_API_VERSION && isGateKind(kind))) continue;
    const obj: unknown = doc.toJS();
    if (isGateObject(obj)) objects.push(obj);
  }
  return objects;
}

/** Adds the gaia.tech objects of one YAML text to `into` (read, not yet compiled); other kinds are ignored. */
export function collectManifests(text: string, source: string, into: Catalog): Catalog {
  for (const obj of gateObjects(text, source)) {
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
  const files = await yamlFiles(dir);
  const texts = await Promise.all(files.map((file) => readFile(file, "utf8")));
  // All files are parsed in one synchronous pass after the reads: a reload runs while requests are served, and
  // parse results held across awaits would survive young-generation GCs and pile up in the old generation.
  const objects: unknown[] = [];
  const sources: string[] = [];
  texts.forEach((text, i) => {
    for (const obj of gateObjects(text, files[i])) {
      objects.push(obj);
      sources.push(files[i]);
    }
  });
  const checked = checkGateObjects(objects);
  const problem = firstProblem(checked, (i) => sources[i]);
  if (problem) throw problem;
  return checked.catalog;
}
