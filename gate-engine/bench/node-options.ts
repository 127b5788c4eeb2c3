// The benchmarks run the service with the Node options its Deployment sets, so that they measure what runs in the
// cluster (heap sizing flags change both memory and throughput).
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";

interface Container {
  name?: string;
  env?: { name?: string; value?: unknown }[];
}

/** NODE_OPTIONS of the gate-engine container in the Deployment manifest at `path`, split into flags ([] when unset). */
export async function deploymentNodeOptions(path: string): Promise<string[]> {
  for (const doc of parseAllDocuments(await readFile(path, "utf8"))) {
    const object = doc.toJS() as { kind?: string; spec?: { template?: { spec?: { containers?: Container[] } } } } | null;
    if (object?.kind !== "Deployment") continue;
    const container = object.spec?.template?.spec?.containers?.find((c) => c.name === "gate-engine");
    const value = container?.env?.find((e) => e.name === "NODE_OPTIONS")?.value;
    if (value === undefined) return [];
    if (typeof value !== "string") throw new Error(`${path}: NODE_OPTIONS must be a string`);
    return value.split(/\s+/).filter((flag) => flag !== "");
  }
  throw new Error(`${path}: no Deployment in the file`);
}
