// --engine kubeconform: the schema stage delegated to a kubeconform binary over the same schemas/ folder.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import yaml from "js-yaml";
import type { Finding, LocatedObject } from "../types.ts";
import { objectRef } from "../types.ts";
import { UsageError } from "../util/errors.ts";
import { KUBERNETES_SCHEMA_DIR } from "./kubernetes-schemas.ts";
import { KUBECONFORM_CRD_SCHEMA_LOCATION } from "./crd-schemas.ts";
import { zx } from "../util/process.ts";

export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(":")) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

interface KubeconformResource {
  filename?: string;
  kind?: string;
  name?: string;
  version?: string;
  status?: string;
  msg?: string;
  validationErrors?: Array<{ path?: string; msg?: string }>;
}

/** Arguments for validating `input` (a folder of files, or "-" for stdin). */
export function kubeconformArgs(root: string, kubernetesVersion: string, input = "-"): string[] {
  return [
    "-strict",
    "-summary=false",
    "-output",
    "json",
    "-kubernetes-version",
    kubernetesVersion,
    "-schema-location",
    join(root, `${KUBERNETES_SCHEMA_DIR}/{{ .ResourceKind }}{{ .KindSuffix }}.json`),
    "-schema-location",
    join(root, KUBECONFORM_CRD_SCHEMA_LOCATION),
    input,
  ];
}

/** Name of the file holding object `index` when objects are handed to kubeconform one file each. */
export function objectFileName(index: number): string {
  return `${index}.yaml`;
}

/**
 * Maps kubeconform's JSON output back onto the objects it was given: by file name when each object had its own file
 * (exact, whatever order kubeconform's parallel workers finish in), else by kind, name and apiVersion.
 */
export function kubeconformFindings(output: string, items: Array<{ lo: LocatedObject; target: string }>): Finding[] {
  const parsed = JSON.parse(output || "{}") as { resources?: KubeconformResource[] };
  const pending = items.map((item, index) => ({ ...item, file: objectFileName(index) }));
  const out: Finding[] = [];
  for (const r of parsed.resources ?? []) {
    const byFile = r.filename ? pending.findIndex(({ file }) => file === basename(r.filename!)) : -1;
    const idx =
      byFile >= 0
        ? byFile
        : pending.findIndex(({ lo }) => lo.object.kind === r.kind && (lo.object.metadata?.name ?? "") === (r.name ?? "") && lo.object.apiVersion === r.version);
    if (idx < 0) continue;
    const [{ lo, target }] = pending.splice(idx, 1);
    if (r.status === "statusValid" || r.status === "statusSkipped") continue;
    const errors = r.validationErrors?.length ? r.validationErrors : [{ path: "", msg: r.msg ?? "invalid" }];
    for (const e of errors) {
      out.push({
        ruleId: r.status === "statusError" && /could not find schema/.test(r.msg ?? "") ? "schema-missing" : "schema-invalid",
        category: "schema",
        severity: "error",
        message: `${lo.object.kind} ${lo.object.metadata?.name ?? ""}: ${e.msg ?? r.msg ?? "invalid"} (kubeconform)`,
        fix: "Fix the field to match the API schema.",
        target,
        object: objectRef(lo.object),
        path: e.path ?? "",
        source: { file: lo.source.file, line: 0 },
      });
    }
  }
  return out;
}

export type SchemaEngine = (items: Array<{ lo: LocatedObject; target: string }>) => Promise<Finding[]>;

/** The schema stage delegated to kubeconform; rejects with a usage error when there is no binary on PATH. */
export function kubeconformEngine(root: string, env: NodeJS.ProcessEnv, kubernetesVersion: string): Promise<SchemaEngine> {
  const bin = findOnPath("kubeconform", env);
  if (!bin)
    return Promise.reject(
      new UsageError(
        "--engine kubeconform needs a kubeconform binary on PATH (none found); install kubeconform or drop --engine to use the built-in validator",
      ),
    );
  const version = /^\d+\.\d+$/.test(kubernetesVersion) ? `${kubernetesVersion}.0` : kubernetesVersion;
  return Promise.resolve(async (items: Array<{ lo: LocatedObject; target: string }>): Promise<Finding[]> => {
    const base = join(tmpdir(), "gaia-kubeconform");
    mkdirSync(base, { recursive: true });
    const dir = mkdtempSync(join(base, "run-"));
    try {
      items.forEach(({ lo }, i) => writeFileSync(join(dir, objectFileName(i)), yaml.dump(lo.object, { noRefs: true })));
      const res = await (await zx())({ nothrow: true, quiet: true, env: { ...env } })`${bin} ${kubeconformArgs(root, version, dir)}`;
      if (res.exitCode !== 0 && res.exitCode !== 1) throw new UsageError(`kubeconform failed (exit ${res.exitCode}): ${res.stderr.trim().split("\n").pop()}`);
      return kubeconformFindings(res.stdout, items);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
