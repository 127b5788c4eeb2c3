import type { Kustomize } from "./resolve.ts";
import { zx } from "../util/process.ts";

export interface BuildResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export type BuildFn = (dir: string) => Promise<BuildResult>;

/** Runs `kustomize build <dir>` (or `kubectl kustomize <dir>`), never throwing on a failed build. */
export function kustomizeBuilder(k: Kustomize, extraArgs: string[] = []): BuildFn {
  return async (dir) => {
    const out = await (await zx())({ nothrow: true, quiet: true, timeout: "300s" })`${k.bin} ${k.buildArgs} ${extraArgs} ${dir}`;
    return { ok: out.exitCode === 0, stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode };
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
