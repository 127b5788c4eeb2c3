import type { Kustomize } from "./resolve.ts";
import { zx } from "../util/process.ts";

export interface BuildResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** Set when the build was stopped for running past the render timeout: the milliseconds it ran. */
  timedOutAfterMs?: number;
}

/** Default limit for one kustomize build: far above any healthy build, low enough that a stuck one does not hold CI. */
export const DEFAULT_RENDER_TIMEOUT_MS = 120_000;

export type BuildFn = (dir: string) => Promise<BuildResult>;

/** Runs `kustomize build <dir>` (or `kubectl kustomize <dir>`), never throwing on a failed build. */
export function kustomizeBuilder(k: Kustomize, extraArgs: string[] = [], timeoutMs: number = DEFAULT_RENDER_TIMEOUT_MS): BuildFn {
  return async (dir) => {
    const started = performance.now();
    const out = await (await zx())({ nothrow: true, quiet: true, timeout: timeoutMs, timeoutSignal: "SIGKILL" })`${k.bin} ${k.buildArgs} ${extraArgs} ${dir}`;
    const ms = performance.now() - started;
    const timedOut = out.exitCode !== 0 && out.signal !== null && ms >= timeoutMs * 0.9;
    return { ok: out.exitCode === 0, stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode, ...(timedOut ? { timedOutAfterMs: ms } : {}) };
  };
}

/** kustomize's error text without its noise, one finding message. */
export function summariseKustomizeError(stderr: string, root?: string): string {
  const start = stderr.search(/^(Error|error):/m);
  let text = (start >= 0 ? stderr.slice(start) : stderr)
    .replace(/^(Error|error):\s*/, "")
    .replace(/\s+/g, " ")
    .trim();
  // kustomize nests the error in every kustomization on the way down; the innermost part says what is wrong.
  const nested = text.split(/recursed accumulation of path '[^']*': /);
  text = nested[nested.length - 1];
  if (root) text = text.split(`${root}/`).join("");
  text = text.replace(/(\.\.\/)+(tmp\/)?gaia-render\/w-[^/]+\//g, "");
  return (text || "kustomize failed").slice(0, 600);
}
