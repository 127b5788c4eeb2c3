// Figures against the way Flux's example repositories validate (scripts/validate.sh there): every kustomization target
// rendered by bare kustomize and piped to `kubeconform -strict`, here two targets at a time, with the same schemas
// gaia reads. Also the number of kustomize processes a gaia run starts, counted through a logging stand-in binary.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { $ } from "zx";
import type { Kustomize } from "../lib/kustomize/resolve.ts";
import { kubeconformArgs } from "../lib/schema/kubeconform.ts";
import { KUBERNETES_VERSION } from "../lib/schema/kubernetes-schemas.ts";
import { TOOLKIT_ROOT } from "../lib/util/paths.ts";
import { runPool } from "../lib/util/pool.ts";
import type { Target } from "../lib/types.ts";

/** Targets Flux's example validates at once in this comparison. */
export const FLUX_STYLE_JOBS = 2;

/**
 * The kubeconform binary to compare with: GAIA_KUBECONFORM, else ../shared/tools/kubeconform beside the checkout.
 * Under CI a missing binary is an error: a figure that silently disappears would read as a pass.
 */
export function kubeconformBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidate = env.GAIA_KUBECONFORM ?? resolve(TOOLKIT_ROOT, "..", "shared", "tools", "kubeconform");
  if (existsSync(candidate)) return candidate;
  if (env.CI) throw new Error(`bench: kubeconform is missing at ${candidate}; CI must measure the figures that compare with it`);
  return undefined;
}

/** Renders each target with bare kustomize piped into kubeconform -strict; throws unless every pipe succeeded. */
export async function fluxStyleRun(root: string, targets: Target[], kustomize: Kustomize, kubeconform: string): Promise<void> {
  const args = kubeconformArgs(TOOLKIT_ROOT, KUBERNETES_VERSION, "-");
  const failed: string[] = [];
  await runPool(targets, FLUX_STYLE_JOBS, async (t) => {
    const run = await $({ nothrow: true, quiet: true })`${kustomize.bin} ${kustomize.buildArgs} ${join(root, t.path)} | ${kubeconform} ${args}`;
    if (run.exitCode !== 0) failed.push(`${t.path}: ${(run.stderr || run.stdout).trim().split("\n").pop()}`);
  });
  if (failed.length > 0)
    throw new Error(`bench: the Flux-style validation failed on ${failed.length} targets (first: ${failed[0]}); its time would be meaningless`);
}

/**
 * Runs `command` with KUSTOMIZE pointing at a stand-in that logs each build and starts the real binary; returns the
 * number of builds (version probes are not builds). The stand-in's path and text stay the same from run to run, so
 * gaia's cached version probe of it stays valid.
 */
export async function countKustomizeProcesses(kustomize: Kustomize, command: (env: NodeJS.ProcessEnv) => Promise<unknown>): Promise<number> {
  // The name keeps gaia's kubectl detection (kubectl kustomize <dir>) working for the stand-in.
  const standIn = join(tmpdir(), "gaia-bench-count", kustomize.buildArgs.length > 0 ? "kubectl" : "kustomize");
  const text = `#!/bin/sh\n[ "$1" = version ] || echo build >> "$GAIA_BENCH_BUILD_LOG"\nexec '${kustomize.bin}' "$@"\n`;
  if (!existsSync(standIn) || readFileSync(standIn, "utf8") !== text) {
    mkdirSync(dirname(standIn), { recursive: true });
    writeFileSync(standIn, text);
    chmodSync(standIn, 0o755);
  }
  const logDir = mkdtempSync(join(tmpdir(), "gaia-bench-count-"));
  const log = join(logDir, "builds.log");
  try {
    writeFileSync(log, "");
    await command({ ...process.env, KUSTOMIZE: standIn, GAIA_BENCH_BUILD_LOG: log });
    return readFileSync(log, "utf8").split("\n").filter(Boolean).length;
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}
