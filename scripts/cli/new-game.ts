// gaia new-game <name>: scaffold games/<name>/ (game.yaml and the three environment kustomizations), all or nothing.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { planNewGame, type NewGameRequest } from "../lib/scaffold/plan.ts";
import { repoFacts } from "../lib/scaffold/facts.ts";
import { findRepoRoot, fromRepoPath } from "../lib/util/paths.ts";
import { UsageError } from "../lib/util/errors.ts";
import type { Io } from "./io.ts";

interface NewGameFlags {
  tier?: string;
  regions?: string;
  owner?: string;
  displayName?: string;
  budget?: string;
  root?: string;
}

/**
 * Writes the files into a hidden sibling folder, then renames it to games/<name> in one step: a reader (or an
 * interrupted run) never sees half a game. rename refuses a non-empty destination, so a folder made meanwhile wins.
 */
export function writeGameFolder(root: string, name: string, files: Map<string, string>): void {
  const gamesDir = join(root, "games");
  mkdirSync(gamesDir, { recursive: true });
  const staging = join(gamesDir, `.${name}.partial-${process.pid}`);
  const prefix = `games/${name}/`;
  try {
    for (const [file, text] of files) {
      const abs = join(staging, ...file.slice(prefix.length).split("/"));
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
    if (existsSync(fromRepoPath(root, `games/${name}`))) throw new UsageError(`game "${name}" already exists (games/${name}/); pick another name`);
    renameSync(staging, fromRepoPath(root, `games/${name}`));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function parseBudget(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0)) throw new UsageError(`--budget must be a positive number of US dollars, not "${text}"`);
  return n;
}

export function runNewGame(name: string, flags: NewGameFlags, io: Io): number {
  if (!flags.tier) throw new UsageError("--tier is required (indie, growing or viral)");
  if (!flags.regions) throw new UsageError("--regions is required (comma-separated, e.g. us-east,eu-west)");
  const root = flags.root ? resolve(io.cwd, flags.root) : findRepoRoot(io.cwd);
  const request: NewGameRequest = {
    name,
    tier: flags.tier,
    regions: flags.regions.split(","),
    owner: flags.owner,
    displayName: flags.displayName,
    budgetUSD: parseBudget(flags.budget),
  };
  const files = planNewGame(request, repoFacts(root));
  writeGameFolder(root, name, files);
  io.out(`created games/${name}/ (${[...files.keys()].map((f) => f.slice(`games/${name}/`.length)).join(", ")})\n`);
  io.out(`next: gaia validate games/${name} && gaia argocd preview\n`);
  return 0;
}

export function registerNewGame(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("new-game")
    .description("scaffold games/<name>/: game.yaml and the development, staging and production kustomizations")
    .argument("<name>", "game name: DNS-1123 label, at most 40 characters; the namespace is gaia-<name>")
    .option("--tier <tier>", "indie|growing|viral")
    .option("--regions <regions>", "comma-separated regions, e.g. us-east,eu-west")
    .option("--owner <owner>", "owning team's e-mail (default: <name>-team@gaia.tech)")
    .option("--display-name <text>", "human-readable name (default: from the name)")
    .option("--budget <usd>", "monthly budget in US dollars (default: the tier's)")
    .option("--root <dir>", "repository root (default: found from the working directory)")
    .action((name: string, flags: NewGameFlags) => setExit(runNewGame(name, flags, io)));
}
