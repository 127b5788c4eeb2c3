// Which targets a diff compares, and the diff of each: `--since <ref>` (every target whose inputs changed, both sides
// rendered) and `--env a..b` (two environments of the overlays or of one game).
import { existsSync } from "node:fs";
import { discoverTargets, kustomizationFile, selectTargets } from "../discover/discover.ts";
import { changedFiles, changedTargets } from "../discover/changed.ts";
import { ENVIRONMENTS, type Environment, type Target } from "../types.ts";
import { fromRepoPath } from "../util/paths.ts";
import { UsageError } from "../util/errors.ts";
import { mergeBase, shortCommit } from "../git/git.ts";
import { withSparseSnapshot } from "../git/sparse-snapshot.ts";
import { fillOldSide } from "./old-side.ts";
import { diffObjects } from "./objects.ts";
import { renderSide, type RenderedSide, type SideRenderer } from "./render-sides.ts";
import { summarise, type DiffReport, type TargetDiff } from "./types.ts";

function targetDiff(path: string, game: string | undefined, before: RenderedSide | undefined, after: RenderedSide | undefined): TargetDiff {
  const error = before?.failed.get(path) ?? after?.failed.get(path);
  const base = { target: path, ...(game ? { game } : {}) };
  if (error) return { ...base, status: "failed", objects: [], error };
  const old = before?.objects.get(path);
  const now = after?.objects.get(path);
  const objects = diffObjects(old ?? [], now ?? []);
  const status = !old ? "added" : !now ? "removed" : objects.length ? "changed" : "unchanged";
  return { ...base, status, objects };
}

/**
 * The old side's targets: the old version of every target selected now, and targets that are gone, which had a changed
 * file (their deleted kustomization) in them. Found in the sparse snapshot, which holds the folders of both.
 */
export function oldSideTargets(oldRoot: string, root: string, now: Target[], files: string[]): Target[] {
  const paths = new Set(now.map((t) => t.path));
  const gone = (t: Target) => !kustomizationFile(fromRepoPath(root, t.path)) && files.some((f) => f.startsWith(`${t.path}/`));
  return discoverTargets(oldRoot).filter((t) => paths.has(t.path) || gone(t));
}

export async function diffSince(root: string, ref: string, renderer: SideRenderer): Promise<DiffReport> {
  const commit = await mergeBase(root, ref);
  const files = await changedFiles(root, ref);
  const current = discoverTargets(root);
  const chosen = await changedTargets(root, ref, files, { targets: current });
  const now = chosen.length ? selectTargets(root, current, chosen) : [];
  const label = `${ref} (${await shortCommit(root, commit)})`;
  return withSparseSnapshot(root, commit, async (snapshot) => {
    const oldRoot = snapshot.root;
    const oldTargets = () => (existsSync(oldRoot) ? oldSideTargets(oldRoot, root, now, files) : []);
    await fillOldSide(snapshot, now, files, oldTargets);
    const before = oldTargets();
    const byPath = new Map<string, Target>([...before, ...now].map((t) => [t.path, t]));
    const paths = [...byPath.keys()].sort();
    const oldSide = await renderSide(oldRoot, before, renderer);
    const newSide = await renderSide(root, now, renderer);
    const targets = paths.map((p) => targetDiff(p, byPath.get(p)?.game, oldSide, newSide));
    return { version: 1, base: label, head: "working tree", targets, summary: summarise(targets) };
  });
}

export function parseEnvRange(range: string): [Environment, Environment] {
  const m = /^([a-z]+)\.\.([a-z]+)$/.exec(range);
  const envs = ENVIRONMENTS as readonly string[];
  if (!m) throw new UsageError(`--env takes two environments as <from>..<to> (e.g. staging..production), not "${range}"`);
  for (const e of [m[1], m[2]]) if (!envs.includes(e)) throw new UsageError(`unknown environment "${e}" (expected ${ENVIRONMENTS.join(", ")})`);
  if (m[1] === m[2]) throw new UsageError(`--env ${range} compares an environment with itself`);
  return [m[1] as Environment, m[2] as Environment];
}

/** How two environments of the overlays (or of one game) differ, rendered. */
export async function diffEnvironments(root: string, range: string, game: string | undefined, renderer: SideRenderer): Promise<DiffReport> {
  const [from, to] = parseEnvRange(range);
  const all = discoverTargets(root);
  const find = (env: Environment) => {
    const t = all.find((x) => (game ? x.kind === "game" && x.game === game : x.kind === "overlay") && x.environment === env);
    if (!t) throw new UsageError(game ? `no target games/${game}/${env} (is "${game}" a folder under games/?)` : `no target overlays/${env}`);
    return t;
  };
  const [a, b] = [find(from), find(to)];
  const side = await renderSide(root, [a, b], renderer);
  const error = side.failed.get(a.path) ?? side.failed.get(b.path);
  const objects = error ? [] : diffObjects(side.objects.get(a.path) ?? [], side.objects.get(b.path) ?? []);
  const target: TargetDiff = {
    target: `${a.path} → ${b.path}`,
    status: error ? "failed" : objects.length ? "changed" : "unchanged",
    ...(game ? { game } : {}),
    objects,
    ...(error ? { error } : {}),
  };
  return { version: 1, base: a.path, head: b.path, targets: [target], summary: summarise([target]) };
}
