// Before rendering: every YAML file a target can read is parsed once with the strict, bounded parser, so duplicate keys,
// tabs, bombs, binary or oversized files become findings at their own line instead of a kustomize crash or hang.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { cacheHealth, isStringList, readCacheFile, writeCacheFile, type CacheHealth } from "../util/cache-file.ts";
import { basename, dirname, join, resolve } from "node:path";
import type { Finding, Target } from "../types.ts";
import { fromRepoPath, toRepoPath } from "../util/paths.ts";
import { ClosureReader, kustomizationReferences, readKustomization } from "../render/closure.ts";
import { KUSTOMIZATION_FILES } from "../discover/discover.ts";
import { DEFAULT_LIMITS, parseSource, type ParseLimits } from "./source.ts";

const YAML_FILE = /(\.ya?ml|\.json|\/Kustomization)$/;

export interface SyntaxResult {
  findings: Finding[];
  /** Targets with a file that cannot be parsed: not rendered. */
  broken: Set<string>;
}

export type ClosureOf = (targetPath: string) => string[];

/** The files kustomize opens for a target (its kustomizations and what they name), memoised: what the pre-check parses. */
export function memoReads(root: string): ClosureOf {
  const reader = new ClosureReader();
  const memo = new Map<string, string[]>();
  return (p) => {
    if (!memo.has(p)) memo.set(p, reader.reads(fromRepoPath(root, p)));
    return memo.get(p)!;
  };
}

export function memoClosure(root: string, reader = new ClosureReader(root)): ClosureOf {
  const memo = new Map<string, string[]>();
  return (p) => {
    if (!memo.has(p)) memo.set(p, reader.closure(fromRepoPath(root, p)));
    return memo.get(p)!;
  };
}

const HASH = /^[0-9a-f]{64}$/;
const isHashList = (v: unknown): v is string[] => isStringList(v) && v.every((h) => HASH.test(h));

function loadOkHashes(file: string, useCache: boolean): Set<string> {
  return new Set(useCache ? (readCacheFile(file, isHashList) ?? []) : []);
}

/** What one kustomization reads: files only as generator data (opaque to kustomize), and files as YAML. */
function kustomizationReads(kustomizationPath: string): { data: string[]; yaml: string[] } {
  const dir = dirname(kustomizationPath);
  const doc = readKustomization(dir) ?? {};
  const { configMapGenerator, secretGenerator, ...rest } = doc;
  const abs = (refs: string[]) => refs.map((r) => resolve(dir, r));
  return { data: abs(kustomizationReferences({ configMapGenerator, secretGenerator })), yaml: abs(kustomizationReferences(rest)) };
}

/** Closure files that kustomize reads only as generator data: their content is not YAML to it, whatever their name. */
function generatorDataFiles(closure: string[], readsOf: (kustomizationPath: string) => { data: string[]; yaml: string[] }): Set<string> {
  const reads = closure.filter((f) => KUSTOMIZATION_FILES.includes(basename(f))).map(readsOf);
  const asYaml = new Set(reads.flatMap((r) => r.yaml));
  return new Set(reads.flatMap((r) => r.data).filter((f) => !asYaml.has(f)));
}

export interface SyntaxChecker {
  /** Checks the targets' input files (each file once per checker); findings only for files not seen before. */
  check(targets: Target[]): SyntaxResult;
  /** Remembers the files found clean (by content hash) for the next run. */
  save(): void;
}

export function createSyntaxChecker(
  root: string,
  useCache: boolean,
  filesOf: ClosureOf = memoReads(root),
  health: CacheHealth = cacheHealth(),
  limits: ParseLimits = DEFAULT_LIMITS,
): SyntaxChecker {
  const cacheFile = join(root, ".cache", "syntax-ok.json");
  const okHashes = loadOkHashes(cacheFile, useCache);
  const okBefore = okHashes.size;
  const fileVerdict = new Map<string, Finding[]>();
  const readsMemo = new Map<string, { data: string[]; yaml: string[] }>();
  const readsOf = (k: string) => readsMemo.get(k) ?? readsMemo.set(k, kustomizationReads(k)).get(k)!;
  return {
    check(targets) {
      const findings: Finding[] = [];
      const broken = new Set<string>();
      for (const t of targets) {
        const closure = filesOf(t.path);
        const dataOnly = generatorDataFiles(closure, readsOf);
        for (const abs of closure) {
          if (!YAML_FILE.test(abs) || dataOnly.has(abs)) continue;
          if (!fileVerdict.has(abs)) {
            const bytes = readFileSync(abs);
            const hash = createHash("sha256").update(bytes).digest("hex");
            if (okHashes.has(hash)) fileVerdict.set(abs, []);
            else {
              const parsed = parseSource(toRepoPath(root, abs), bytes, limits);
              const fatal = parsed.fatal ? parsed.findings : [];
              fileVerdict.set(abs, fatal);
              findings.push(...fatal);
              if (fatal.length === 0) okHashes.add(hash);
            }
          }
          if (fileVerdict.get(abs)!.length > 0) broken.add(t.path);
        }
      }
      return { findings, broken };
    },
    save() {
      if (useCache && okHashes.size !== okBefore) writeCacheFile(cacheFile, [...okHashes].sort(), health);
    },
  };
}

export function checkSyntax(root: string, targets: Target[], useCache: boolean, filesOf: ClosureOf = memoReads(root)): SyntaxResult {
  const checker = createSyntaxChecker(root, useCache, filesOf);
  const result = checker.check(targets);
  checker.save();
  return result;
}
