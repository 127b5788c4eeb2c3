import { $ } from "zx";
import type { Kustomize } from "./resolve.ts";

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
    const out = await $({ nothrow: true, quiet: true, timeout: "300s" })`${k.bin} ${k.buildArgs} ${extraArgs} ${dir}`;
    return { ok: out.exitCode === 0, stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode };
  };
}

/** kustomize's error text without its noise, one finding message. */
export function summariseKustomizeError(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const errorLine = lines.find((l) => l.startsWith("Error:") || l.startsWith("error:")) ?? lines[lines.length - 1] ?? "kustomize failed";
  return errorLine.replace(/^(Error|error):\s*/, "");
}
