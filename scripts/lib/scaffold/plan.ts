// gaia new-game, the pure part: check the request against the repository's facts and list the files to write.
import { posix } from "node:path";
import { ENVIRONMENTS } from "../types.ts";
import { UsageError } from "../util/errors.ts";
import { environmentKustomization, gameYaml, TIER_DEFAULTS, TIERS, type Tier } from "./templates.ts";

export const MAX_GAME_NAME = 40;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// The pattern of schemas/game.schema.json's owner.
const OWNER = /^([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)?)$/;

export interface NewGameRequest {
  name: string;
  tier: string;
  regions: string[];
  owner?: string;
  displayName?: string;
  budgetUSD?: number;
}

export interface RepoFacts {
  /** Folder names under games/. */
  existingGames: string[];
  /** Regions a new game can be placed in (regions of the clusters that take any game). */
  knownRegions: string[];
}

/** Why a name cannot be a game name, or undefined when it can. */
export function gameNameProblem(name: string): string | undefined {
  if (!name) return "the game name is empty";
  if (name.length > MAX_GAME_NAME)
    return `game name "${name}" is ${name.length} characters long; at most ${MAX_GAME_NAME} are allowed (the namespace gaia-<name> and derived object names must stay valid)`;
  if (!DNS_1123_LABEL.test(name))
    return `game name "${name}" is not a DNS-1123 label: use lowercase letters, digits and '-', starting and ending with a letter or digit`;
  return undefined;
}

export function titleFromName(name: string): string {
  return name
    .split("-")
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");
}

function checkRequest(req: NewGameRequest, facts: RepoFacts): { tier: Tier; regions: string[]; owner: string; displayName: string } {
  const nameProblem = gameNameProblem(req.name);
  if (nameProblem) throw new UsageError(nameProblem);
  if (facts.existingGames.includes(req.name)) throw new UsageError(`game "${req.name}" already exists (games/${req.name}/); pick another name`);
  if (!(TIERS as readonly string[]).includes(req.tier)) throw new UsageError(`unknown tier "${req.tier}": use one of ${TIERS.join(", ")}`);
  const regions = [...new Set(req.regions.map((r) => r.trim()).filter(Boolean))];
  if (regions.length === 0) throw new UsageError("--regions needs at least one region");
  const unknown = regions.filter((r) => !facts.knownRegions.includes(r));
  if (unknown.length)
    throw new UsageError(
      `unknown region${unknown.length > 1 ? "s" : ""} ${unknown.map((r) => `"${r}"`).join(", ")}: clusters/*/cluster.yaml serve ${facts.knownRegions.join(", ") || "no region"}`,
    );
  const owner = req.owner ?? `${req.name}-team@gaia.tech`;
  if (!OWNER.test(owner) || owner.length > 120) throw new UsageError(`owner "${owner}" is neither an e-mail address nor a team name (team-name or org/team)`);
  const displayName = (req.displayName ?? titleFromName(req.name)).trim();
  if (!displayName || displayName.length > 80 || /[\n\r]/.test(displayName)) throw new UsageError("--display-name must be one line of 1 to 80 characters");
  if (req.budgetUSD !== undefined && !(Number.isFinite(req.budgetUSD) && req.budgetUSD > 0))
    throw new UsageError(`--budget must be a positive number of US dollars, not "${req.budgetUSD}"`);
  return { tier: req.tier as Tier, regions, owner, displayName };
}

/** Refuses a file that would land outside games/<name>/ (defence against a name or template that escapes the folder). */
export function assertInsideGame(name: string, file: string): void {
  const folder = `games/${name}/`;
  const normalised = posix.normalize(file);
  if (posix.isAbsolute(file) || !normalised.startsWith(folder) || normalised.split("/").includes("..")) {
    throw new UsageError(`refusing to write ${file}: new-game writes only under ${folder}`);
  }
}

/** The new game's files (repo-relative path → text); throws UsageError, writing nothing, when the request is refused. */
export function planNewGame(req: NewGameRequest, facts: RepoFacts): Map<string, string> {
  const { tier, regions, owner, displayName } = checkRequest(req, facts);
  const files = new Map<string, string>();
  files.set(
    `games/${req.name}/game.yaml`,
    gameYaml({ name: req.name, displayName, owner, tier, regions, budgetUSD: req.budgetUSD ?? TIER_DEFAULTS[tier].budgetUSD }),
  );
  for (const env of ENVIRONMENTS) files.set(`games/${req.name}/${env}/kustomization.yaml`, environmentKustomization(req.name, tier, env));
  for (const file of files.keys()) assertInsideGame(req.name, file);
  return files;
}
