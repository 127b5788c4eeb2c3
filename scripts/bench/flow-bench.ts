// Figures of the pull-request flow, measured on synthetic git repositories in the same run as the rest of the bench:
// prFlatness / diffFlatness (one changed game, cold cache: the large repository over the small one; the work should
// not grow with the repository) and shardSpeedup (two shards run one after the other, each cold, over one cold run).
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
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
        sharded = [await timeGaia(root, [...full, "--shard", "1/2"]), await timeGaia(root, [...full, "--shard", "2/2"])];
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
  };
}
