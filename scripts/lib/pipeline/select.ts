// discover: the targets and repository documents a run checks, and (with --shard) which of them are its own.
import type { Target } from "../types.ts";
import { discoverDocuments, discoverTargets, selectTargets, type SchemaDocument } from "../discover/discover.ts";
import { ownsRepositoryChecks, shardOf, type Shard } from "../discover/shard.ts";
import { toRepoPath } from "../util/paths.ts";
import type { RunContext } from "./context.ts";

export interface SelectionRequest {
  /** Absolute paths (or "-"); empty = the whole repository. */
  paths: string[];
  /** A selection that matched nothing: check nothing. */
  nothingSelected: boolean;
  shard?: Shard;
  /** Every target of the repository, when the caller discovered them already. */
  all?: Target[];
}

export interface Selection {
  /** Every target of the repository. */
  all: Target[];
  /** The targets to render: the selected ones (in a shard, its own plus the cluster targets as context). */
  rendering: Target[];
  /** Rendered only as context for another shard's checks: not checked or reported here. */
  context: Set<string>;
  /** game.yaml, cluster.yaml and policy files whose schemas this run checks. */
  documents: SchemaDocument[];
  /** The whole repository is checked (no paths, not empty). */
  wholeRepo: boolean;
  nothing: boolean;
}

const isUnder = (root: string, file: string, p: string) => {
  const rel = p === "-" ? undefined : toRepoPath(root, p);
  return rel !== undefined && (rel === "." || rel === file || file.startsWith(`${rel}/`));
};

export function selectRun(run: RunContext, request: SelectionRequest): Selection {
  const { root } = run;
  const nothing = request.nothingSelected;
  const wholeRepo = request.paths.length === 0 && !nothing;
  const all = request.all ?? discoverTargets(root);
  const allDocs = discoverDocuments(root);
  // A path naming game.yaml, cluster.yaml or a policy file selects that document's schema check, not a manifest target.
  const isDocument = (p: string) => p !== "-" && allDocs.some((d) => d.file === toRepoPath(root, p));
  const selected = nothing
    ? []
    : wholeRepo
      ? all
      : selectTargets(
          root,
          all,
          request.paths.filter((p) => !isDocument(p)),
          (t) => run.closureOf(t).map((f) => toRepoPath(root, f)),
        );
  const { shard } = request;
  const isOwn = (t: Target) => !shard || shardOf(t, shard.count) === shard.index;
  // A shard renders its own targets, and the cluster targets as context (their Argo CD Applications tell target rules
  // how a target is deployed); their checks and findings are left to the shard that owns them.
  const rendering = shard ? selected.filter((t) => isOwn(t) || t.kind === "cluster") : selected;
  // Policy files shape every run, so they are checked on every run, whatever the selection.
  const documents = allDocs.filter(
    (d) => ownsRepositoryChecks(shard) && !nothing && (wholeRepo || d.file.startsWith("policies/") || request.paths.some((p) => isUnder(root, d.file, p))),
  );
  return { all, rendering, context: new Set(rendering.filter((t) => !isOwn(t)).map((t) => t.path)), documents, wholeRepo, nothing };
}
