// gaia argocd preview: the Applications each cluster's ApplicationSets will generate from the current games/.
import { existsSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import type { Command } from "commander";
import { resolveKustomize } from "../lib/kustomize/resolve.ts";
import { kustomizeBuilder } from "../lib/kustomize/build.ts";
import { listFilesUnder } from "../lib/repo/load.ts";
import { clusterNames, previewCluster, type ClusterPreview } from "../lib/argocd/preview.ts";
import { previewJson, previewTable } from "../lib/argocd/format.ts";
import { findRepoRoot, fromRepoPath } from "../lib/util/paths.ts";
import { UsageError } from "../lib/util/errors.ts";
import { runPool } from "../lib/util/pool.ts";
import type { Io } from "./io.ts";

interface PreviewFlags {
  cluster?: string;
  format: string;
  root?: string;
}

export async function runArgocdPreview(flags: PreviewFlags, io: Io): Promise<number> {
  if (flags.format !== "table" && flags.format !== "json") throw new UsageError(`--format must be table or json, not "${flags.format}"`);
  const root = flags.root ? resolve(io.cwd, flags.root) : findRepoRoot(io.cwd);
  const all = clusterNames(root);
  if (flags.cluster && !all.includes(flags.cluster)) throw new UsageError(`no cluster "${flags.cluster}" under clusters/ (known: ${all.join(", ") || "none"})`);
  const clusters = flags.cluster ? [flags.cluster] : all;
  const kustomize = await resolveKustomize({ root, env: io.env });
  if (kustomize.warning) io.err(`warning: ${kustomize.warning}\n`);
  const build = kustomizeBuilder(kustomize);
  const files = {
    listFiles: (dir: string) => listFilesUnder(root, dir),
    readText: (file: string) => {
      const abs = fromRepoPath(root, file);
      return existsSync(abs) && statSync(abs).isFile() ? readFileSync(abs, "utf8") : undefined;
    },
  };
  const previews: ClusterPreview[] = new Array(clusters.length);
  await runPool(
    clusters.map((c, i) => ({ c, i })),
    availableParallelism(),
    async ({ c, i }) => {
      previews[i] = await previewCluster(root, c, build, files);
    },
  );
  io.out(flags.format === "json" ? previewJson(previews) : previewTable(previews));
  const errors = previews.flatMap((p) => p.errors.map((e) => `clusters/${p.cluster}: ${e}`));
  for (const e of errors) io.err(`error: ${e}\n`);
  return errors.length ? 1 : 0;
}

export function registerArgocd(program: Command, io: Io, setExit: (code: number) => void): void {
  const argocd = program.command("argocd").description("Argo CD views of the repository");
  argocd
    .command("preview")
    .description("print, offline, the Applications each cluster's ApplicationSets generate from the current games/")
    .option("--cluster <name>", "only this cluster (a folder under clusters/)")
    .option("--format <format>", "table|json", "table")
    .option("--root <dir>", "repository root (default: found from the working directory)")
    .action(async (flags: PreviewFlags) => setExit(await runArgocdPreview(flags, io)));
}
