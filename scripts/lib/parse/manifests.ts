// Plain manifests (files, a folder, stdin) parsed directly, like kubeconform: no kustomize, exact lines. Only regular
// files inside the repository are opened; anything else is a finding.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding, LocatedObject, RenderedTarget, Target } from "../types.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";
import { inspectPath, refusalReason } from "../util/safe-fs.ts";
import { DEFAULT_LIMITS, sourceObjects, type ParseLimits, type ParsedSource } from "./source.ts";
import { appendAll } from "../util/arrays.ts";
import { parseSourceFast } from "./fast-source.ts";

const MANIFEST = /\.(ya?ml|json)$/;

/** The manifest files a path stands for: itself, or the YAML/JSON files of a folder (not recursive). */
export function manifestFiles(root: string, abs: string): string[] {
  if (inspectPath(root, abs) !== "dir") return [abs];
  return readdirSync(abs)
    .filter((f) => MANIFEST.test(f))
    .sort()
    .map((f) => join(abs, f));
}

function refused(root: string, target: Target, abs: string): Finding | undefined {
  const status = inspectPath(root, abs);
  if (status === "file") return undefined;
  const file = toRepoPath(root, abs);
  return {
    ruleId: "unsafe-input-refused",
    category: "render",
    severity: "error",
    message: `${file} was not read: ${refusalReason(status)}`,
    fix: "Validate regular files of this repository only.",
    target: target.path,
    path: "",
    source: { file, line: 1 },
  };
}

export function loadManifestTarget(
  root: string,
  target: Target,
  stdinText?: string,
  limits: ParseLimits = DEFAULT_LIMITS,
  onParsed?: (parsed: ParsedSource) => void,
): RenderedTarget {
  const started = performance.now();
  const findings: Finding[] = [];
  const objects: LocatedObject[] = [];
  const sources: Array<{ file: string; bytes: Buffer }> = [];
  if (target.kind === "stdin") sources.push({ file: "-", bytes: Buffer.from(stdinText ?? "") });
  else
    for (const abs of manifestFiles(root, fromRepoPath(root, target.path))) {
      const problem = refused(root, target, abs);
      if (problem) findings.push(problem);
      else sources.push({ file: toRepoPath(root, abs), bytes: readFileSync(abs) });
    }
  for (const { file, bytes } of sources) {
    const parsed = parseSourceFast(file, bytes, limits);
    onParsed?.(parsed);
    appendAll(
      findings,
      parsed.findings.map((f) => ({ ...f, target: target.path })),
    );
    const { objects: found, findings: shape } = sourceObjects(parsed);
    appendAll(
      findings,
      shape.map((f) => ({ ...f, target: target.path })),
    );
    for (const o of found) objects.push({ object: o.object, source: { file, line: o.line }, origin: { file } });
  }
  const broken = findings.some((f) => f.severity === "error" && (f.category === "syntax" || f.category === "render"));
  return {
    target,
    status: broken && objects.length === 0 ? "failed" : "ok",
    objects,
    ms: performance.now() - started,
    cached: false,
    findings,
  };
}
