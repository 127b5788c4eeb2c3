// Figures of the pull-request flow, measured on synthetic git repositories in the same run as the rest of the bench:
// prFlatness / diffFlatness (one changed game, cold cache: the large repository over the small one; the work should
// not grow with the repository) and shardSpeedup (two shards run one after the other, each cold, over one cold run;
// the `report merge` that runs the repository-wide rules over both shards' summaries is timed beside it).
// Alone: npm run bench:flow [-- --sizes 20,200] [-- --json]
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { $ } from "zx";
import { writeSyntheticRepo } from "./synthetic-repo.ts";
import { TOOLKIT_ROOT } from "../lib/util/paths.ts";

export interface FlowResult {
  prFlatness: number;
  diffFlatness: number;
  shardSpeedup: number;
  /** Raw seconds, by repository size. */
  changedSinceSeconds: Record<number, number>;
  diffSinceSeconds: Record<number, number>;
  unshardedSeconds: number;
  shardedSeconds: [number, number];
  /** `gaia report merge` of the two shard reports (the repository-wide rules run there). */
  mergeSeconds: number;
}

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
const seconds = (ms: number) => Math.round(ms) / 1000;

async function timeGaia(root: string, args: string[]): Promise<number> {
  rmSync(join(root, ".cache"), { recursive: true, force: true });
  const started = performance.now();
  const r = await $({ nothrow: true, quiet: true, cwd: root })`node ${join(TOOLKIT_ROOT, "bin", "gaia.js")} ${args}`;
  const ms = performance.now() - started;
  if (r.exitCode === 2) throw new Error(`gaia ${args.join(" ")} failed in ${root}: ${r.stderr.trim()}`);
  return ms;
}

/** A synthetic repository committed in git, with one game's production kustomization then changed (uncommitted). */
async function changedRepo(games: number): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), `gaia-flow-bench-${games}-`));
  writeSyntheticRepo(root, games);
  const git = $({ quiet: true, cwd: root });
  await git`git init --quiet && git add -A && git -c user.name=bench -c user.email=bench@gaia.tech commit --quiet -m synthetic`;
  appendFileSync(join(root, "games", "game-001", "production", "kustomization.yaml"), "commonAnnotations:\n  gaia.tech/bench: changed\n");
  return root;
}

export async function measureFlow(small: number, large: number, jobs: number): Promise<FlowResult> {
  const changedSinceSeconds: Record<number, number> = {};
  const diffSinceSeconds: Record<number, number> = {};
  let unsharded = 0;
  let sharded: [number, number] = [0, 0];
  let merge = 0;
  for (const games of [small, large]) {
    const root = await changedRepo(games);
    try {
      changedSinceSeconds[games] = seconds(
        await timeGaia(root, ["validate", "--changed-since", "HEAD", "--format", "json", "--no-progress", "--jobs", String(jobs)]),
      );
      diffSinceSeconds[games] = seconds(await timeGaia(root, ["diff", "--since", "HEAD", "--format", "json"]));
      if (games === large) {
        const full = ["validate", "--format", "json", "--no-progress", "--jobs", String(jobs)];
        unsharded = await timeGaia(root, full);
        const report = (i: number) => join(root, `.shard-${i}.json`);
        sharded = [
          await timeGaia(root, [...full, "--shard", "1/2", "--output", report(1)]),
          await timeGaia(root, [...full, "--shard", "2/2", "--output", report(2)]),
        ];
        merge = await timeGaia(root, ["report", "merge", report(1), report(2), "--root", root, "--format", "json", "--output", join(root, ".merged.json")]);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return {
    prFlatness: ratio(changedSinceSeconds[large], changedSinceSeconds[small]),
    diffFlatness: ratio(diffSinceSeconds[large], diffSinceSeconds[small]),
    shardSpeedup: ratio(sharded[0] + sharded[1], unsharded),
    changedSinceSeconds,
    diffSinceSeconds,
    unshardedSeconds: seconds(unsharded),
    shardedSeconds: [seconds(sharded[0]), seconds(sharded[1])],
    mergeSeconds: seconds(merge),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const argv = process.argv.slice(2);
  const sizesAt = argv.indexOf("--sizes");
  const sizes = sizesAt >= 0 ? argv[sizesAt + 1].split(",").map(Number) : [20, 200];
  const result = await measureFlow(Math.min(...sizes), Math.max(...sizes), availableParallelism());
  console.log(argv.includes("--json") ? JSON.stringify(result) : result);
}
