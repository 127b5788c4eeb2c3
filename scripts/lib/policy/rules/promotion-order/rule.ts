import { loadYamlShared } from "../../../parse/yaml-memo.ts";
import type { RepoRule, RepoRuleContext as RuleContext, RepoViolation as Violation } from "../../types.ts";

export const PROMOTION_ORDER_RULE = "promotion-order";

interface PinnedDigest {
  file: string;
  index: number;
  name: string;
  digest: string;
}

function kustomizationText(ctx: RuleContext, dir: string): { file: string; text: string } | undefined {
  for (const name of ["kustomization.yaml", "kustomization.yml", "Kustomization"]) {
    const text = ctx.repo.readText(`${dir}/${name}`);
    if (text !== undefined) return { file: `${dir}/${name}`, text };
  }
  return undefined;
}

/** The `images:` digests a kustomization pins (unreadable files are other rules' findings). */
function digestsOf(ctx: RuleContext, dir: string): PinnedDigest[] {
  const found = kustomizationText(ctx, dir);
  if (!found) return [];
  const loaded = loadYamlShared(found.text);
  if (!loaded.ok) return [];
  const doc = loaded.value;
  const images = (doc as { images?: unknown } | null)?.images;
  if (!Array.isArray(images)) return [];
  return images.flatMap((entry, index) => {
    const e = entry as { name?: unknown; digest?: unknown } | null;
    return typeof e?.name === "string" && typeof e.digest === "string" ? [{ file: found.file, index, name: e.name, digest: e.digest }] : [];
  });
}

/**
 * The games: folders with files in production/, and the other game folders whose game.yaml is readable (their
 * production kustomization may be a symlink). Only those few game.yaml files are read, not every game's.
 */
function gamesOf(ctx: RuleContext, gamesDir: string): string[] {
  const names = new Set<string>();
  const others = new Set<string>();
  const production = new RegExp(`^${gamesDir}/([^/]+)/production/`);
  const anyFile = new RegExp(`^${gamesDir}/([^/]+)/`);
  for (const file of ctx.repo.listFiles(gamesDir)) {
    const m = production.exec(file);
    if (m) names.add(m[1]);
    else others.add(anyFile.exec(file)?.[1] ?? "");
  }
  for (const game of others) if (game && !names.has(game) && ctx.repo.games.has(game)) names.add(game);
  return [...names].sort();
}

function unpromoted(production: PinnedDigest[], staging: PinnedDigest[], stagingDirs: string[]): Violation[] {
  const known = new Set(staging.map((s) => s.digest));
  return production
    .filter((p) => !known.has(p.digest))
    .map((p) => {
      const inStaging = staging.find((s) => s.name === p.name);
      return {
        file: p.file,
        path: `/images/${p.index}/digest`,
        target: p.file.slice(0, p.file.lastIndexOf("/")),
        message: `production pins ${p.name}@${p.digest}, which ${stagingDirs.join(" / ")} never ran (${inStaging ? `staging pins ${inStaging.digest}` : "staging pins no digest for it"})`,
        fix: "Promote through staging first: gaia promote staging production copies what staging runs; to ship this digest, pin it in the staging kustomization and promote it from there.",
      };
    });
}

export const rule: RepoRule = {
  id: PROMOTION_ORDER_RULE,
  title: "Production runs only image digests that staging runs",
  category: "reliability",
  scope: "repo",
  defaultSeverity: "error",
  rationale:
    "Versions move development → staging → production by promotion. A digest that production pins but staging does not was never tested in staging: it was either typed by hand or promoted past an environment, and a rollback target nobody has run.",
  fix: 'Pin in production only digests that staging pins (gaia promote staging production); a deliberate skip is gaia promote development production --force --reason "<why>".',
  kinds: [],
  params: {
    gamesDir: { description: "Top-level folder holding one folder per game.", default: "games" },
    overlaysDir: { description: "Top-level folder holding the environment overlays.", default: "overlays" },
  },
  check(ctx) {
    const gamesDir = String(ctx.params.gamesDir ?? "games");
    const overlaysDir = String(ctx.params.overlaysDir ?? "overlays");
    // Without a staging environment there is no order to keep.
    const hasStaging = (dir: string) => kustomizationText(ctx, dir) !== undefined;
    const platformStaging = digestsOf(ctx, `${overlaysDir}/staging`);
    const out = hasStaging(`${overlaysDir}/staging`)
      ? unpromoted(digestsOf(ctx, `${overlaysDir}/production`), platformStaging, [`${overlaysDir}/staging`])
      : [];
    for (const game of gamesOf(ctx, gamesDir)) {
      const stagingDir = `${gamesDir}/${game}/staging`;
      if (!hasStaging(stagingDir)) continue;
      out.push(
        ...unpromoted(
          digestsOf(ctx, `${gamesDir}/${game}/production`),
          [...digestsOf(ctx, stagingDir), ...platformStaging],
          [stagingDir, `${overlaysDir}/staging`],
        ),
      );
    }
    return out;
  },
};
