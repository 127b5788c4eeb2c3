// Figures of the pull-request flow, measured on synthetic git repositories in the same run as the rest of the bench:
// prFlatness / diffFlatness (one changed game, cold cache: the large repository over the small one; the work should
// not grow with the repository) and shardSpeedup (two shards run one after the other, each cold, over one cold run;
// the `report merge` that runs the repository-wide rules over both shards' summaries is timed beside it). The CLI is
// started once before any timing (its bundle may be rebuilt then), and the one-game runs alternate between the two
// sizes, `rounds` times each, the best per size counting (as in the rest of the bench: background load then hits
// both sizes alike, and one slow moment decides nothing).
// Alone: npm run bench:flow [-- --sizes 20,200] [-- --rounds 3] [-- --json]
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
  /** Raw seconds (best of the rounds), by repository size. */
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

export async function measureFlow(small: number, large: number, jobs: number, rounds = 3): Promise<FlowResult> {
  const roots = new Map<number, string>();
  try {
    for (const games of [small, large]) roots.set(games, await changedRepo(games));
    await $({ nothrow: true, quiet: true })`node ${join(TOOLKIT_ROOT, "bin", "gaia.js")} --version`;
    const times = new Map<string, number[]>();
    const time = async (key: string, root: string, args: string[]) => times.set(key, [...(times.get(key) ?? []), await timeGaia(root, args)]);
    for (let round = 0; round < Math.max(1, rounds); round++)
      for (const [games, root] of roots) {
        await time(`pr ${games}`, root, ["validate", "--changed-since", "HEAD", "--format", "json", "--no-progress", "--jobs", String(jobs)]);
        await time(`diff ${games}`, root, ["diff", "--since", "HEAD", "--format", "json"]);
      }
    const best = (key: string) => seconds(Math.min(...times.get(key)!));
    const changedSinceSeconds = { [small]: best(`pr ${small}`), [large]: best(`pr ${large}`) };
    const diffSinceSeconds = { [small]: best(`diff ${small}`), [large]: best(`diff ${large}`) };
    const root = roots.get(large)!;
    const full = ["validate", "--format", "json", "--no-progress", "--jobs", String(jobs)];
    const unsharded = await timeGaia(root, full);
    const report = (i: number) => join(root, `.shard-${i}.json`);
    const sharded: [number, number] = [
      await timeGaia(root, [...full, "--shard", "1/2", "--output", report(1)]),
      await timeGaia(root, [...full, "--shard", "2/2", "--output", report(2)]),
    ];
    const merge = await timeGaia(root, ["report", "merge", report(1), report(2), "--root", root, "--format", "json", "--output", join(root, ".merged.json")]);
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
  } finally {
    for (const root of roots.values()) rmSync(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const argv = process.argv.slice(2);
  const sizesAt = argv.indexOf("--sizes");
  const sizes = sizesAt >= 0 ? argv[sizesAt + 1].split(",").map(Number) : [20, 200];
  const roundsAt = argv.indexOf("--rounds");
  const rounds = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 3;
  const result = await measureFlow(Math.min(...sizes), Math.max(...sizes), availableParallelism(), rounds);
  console.log(argv.includes("--json") ? JSON.stringify(result) : result);
}
