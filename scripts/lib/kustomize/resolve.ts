// Finds the kustomize to use: $KUSTOMIZE, else the pinned kubectl in .tools/, else kustomize / kubectl on PATH.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { TOOLKIT_ROOT } from "../util/paths.ts";
import { zx } from "../util/process.ts";
import { UsageError } from "../util/errors.ts";

export interface Kustomize {
  /** Executable path. */
  bin: string;
  /** Arguments placed before the kustomization directory: [] for kustomize `build`, ["kustomize"] for kubectl. */
  buildArgs: string[];
  /** Version string like "v5.7.1". */
  version: string;
  source: "env" | "pinned" | "path";
  /** Human-readable warning to show (unpinned kustomize in use). */
  warning?: string;
}

export interface ResolveOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Probe a candidate; injectable for tests. */
  probe?: (bin: string) => Promise<{ ok: boolean; output: string }>;
}

/** Probe results by binary path, size and mtime: a pinned binary's version is read once, not on every run. */
function probeCacheFile(): string {
  return join(TOOLKIT_ROOT, ".tools", "probe-cache.json");
}

async function cachedProbe(bin: string): Promise<{ ok: boolean; output: string }> {
  let key: string | undefined;
  let cache: Record<string, { ok: boolean; output: string }>;
  try {
    const st = statSync(bin);
    key = `${bin}\0${st.size}\0${st.mtimeMs}`;
    cache = JSON.parse(readFileSync(probeCacheFile(), "utf8"));
    if (cache[key]) return cache[key];
  } catch {
    cache = {};
  }
  const result = await defaultProbe(bin);
  if (key && result.ok) {
    try {
      mkdirSync(dirname(probeCacheFile()), { recursive: true });
      const tmp = `${probeCacheFile()}.partial-${process.pid}`;
      writeFileSync(tmp, JSON.stringify({ ...cache, [key]: result }));
      renameSync(tmp, probeCacheFile());
    } catch {
      // A read-only install probes every time.
    }
  }
  return result;
}

async function defaultProbe(bin: string): Promise<{ ok: boolean; output: string }> {
  const isKubectl = /kubectl[^/]*$/.test(bin);
  const args = isKubectl ? ["version", "--client"] : ["version"];
  const out = await (await zx())({ nothrow: true, quiet: true, timeout: "20s" })`${bin} ${args}`;
  return { ok: out.exitCode === 0, output: `${out.stdout}\n${out.stderr}` };
}

/** Extracts "v5.7.1" from `kustomize version` or `kubectl version --client` output. */
export function parseKustomizeVersion(output: string): string | undefined {
  const kubectlStyle = /Kustomize Version:\s*(v?[\d.]+[\w.-]*)/.exec(output);
  if (kubectlStyle) return normalise(kubectlStyle[1]);
  const modern = /^(v\d+\.\d+\.\d+[\w.-]*)\s*$/m.exec(output);
  if (modern) return modern[1];
  const legacy = /Version:(?:kustomize\/)?(v?\d+\.\d+\.\d+)/.exec(output);
  return legacy ? normalise(legacy[1]) : undefined;
}

function normalise(v: string): string {
  return v.startsWith("v") ? v : `v${v}`;
}

function which(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function asKustomize(bin: string, version: string, source: Kustomize["source"]): Kustomize {
  const isKubectl = /kubectl[^/]*$/.test(bin);
  return { bin, buildArgs: isKubectl ? ["kustomize"] : ["build"], version, source };
}

export const KUSTOMIZE_HINT = "no usable kustomize: run `npm ci` (it installs the pinned one into .tools/) or set KUSTOMIZE=/path/to/kustomize";

/** Returns the kustomize to use, or throws a one-line message when none works. */
export async function resolveKustomize(opts: ResolveOptions): Promise<Kustomize> {
  const probe = opts.probe ?? cachedProbe;
  const tryBin = async (bin: string, source: Kustomize["source"]): Promise<Kustomize | undefined> => {
    const res = await probe(bin);
    const version = res.ok ? parseKustomizeVersion(res.output) : undefined;
    return version ? asKustomize(bin, version, source) : undefined;
  };
  if (opts.env.KUSTOMIZE) {
    const found = await tryBin(opts.env.KUSTOMIZE, "env");
    if (!found) throw new UsageError(`KUSTOMIZE=${opts.env.KUSTOMIZE} is not a working kustomize or kubectl; unset it or fix the path`);
    return found;
  }
  for (const pinned of [join(TOOLKIT_ROOT, ".tools", "kubectl"), join(opts.root, ".tools", "kubectl")]) {
    if (!existsSync(pinned)) continue;
    const found = await tryBin(pinned, "pinned");
    if (found) return found;
  }
  for (const name of ["kustomize", "kubectl"]) {
    const bin = which(name, opts.env);
    if (!bin) continue;
    const found = await tryBin(bin, "path");
    if (found) return { ...found, warning: `using ${name} ${found.version} from PATH (${bin}); the pinned kustomize is missing — run \`npm ci\`` };
  }
  throw new UsageError(KUSTOMIZE_HINT);
}
