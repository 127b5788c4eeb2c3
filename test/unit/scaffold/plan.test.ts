// gaia new-game's pure part: refusals with one clear message, and files in the exact shape of the example games.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { assertInsideGame, gameNameProblem, planNewGame, titleFromName, type NewGameRequest } from "../../../scripts/lib/scaffold/plan.ts";
import { SERVICES, TIER_DEFAULTS, TIERS } from "../../../scripts/lib/scaffold/templates.ts";
import { UsageError } from "../../../scripts/lib/util/errors.ts";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const facts = { existingGames: ["wizards-quest"], knownRegions: ["asia-pac", "eu-west", "us-east"] };
const request = (over: Partial<NewGameRequest> = {}): NewGameRequest => ({ name: "space-pirates", tier: "growing", regions: ["us-east"], ...over });
const refusal = (over: Partial<NewGameRequest>, f = facts) => {
  try {
    planNewGame(request(over), f);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("expected a refusal");
};

describe("game names", () => {
  it("accepts DNS-1123 labels up to 40 characters", () => {
    for (const ok of ["a", "space-pirates", "x1", "a".repeat(40), "9lives"]) expect(gameNameProblem(ok)).toBeUndefined();
  });

  it("refuses anything else with the reason", () => {
    expect(gameNameProblem("")).toBe("the game name is empty");
    expect(gameNameProblem("a".repeat(41))).toMatch(/is 41 characters long; at most 40/);
    for (const bad of ["Space", "-lead", "trail-", "under_score", "dot.ted", "sp ace", "../etc"])
      expect(gameNameProblem(bad)).toMatch(/is not a DNS-1123 label/);
  });

  it("derives a display name from the name", () => {
    expect(titleFromName("space-pirates")).toBe("Space Pirates");
  });
});

describe("planNewGame refusals", () => {
  it("refuses a bad name, an existing game, an unknown tier or region, a bad owner, display name or budget", () => {
    expect(refusal({ name: "Bad_Name" })).toMatch(/not a DNS-1123 label/);
    expect(refusal({ name: "wizards-quest" })).toBe('game "wizards-quest" already exists (games/wizards-quest/); pick another name');
    expect(refusal({ tier: "huge" })).toBe('unknown tier "huge": use one of indie, growing, viral');
    expect(refusal({ regions: ["us-east", "mars"] })).toBe('unknown region "mars": clusters/*/cluster.yaml serve asia-pac, eu-west, us-east');
    expect(refusal({ regions: ["mars", "moon"] })).toMatch(/^unknown regions "mars", "moon"/);
    expect(refusal({ regions: [" ", ""] })).toBe("--regions needs at least one region");
    expect(refusal({ regions: ["us-east"] }, { existingGames: [], knownRegions: [] })).toMatch(/serve no region$/);
    expect(refusal({ owner: "not an owner" })).toMatch(/owner "not an owner" is neither an e-mail address nor a team name/);
    expect(refusal({ displayName: "x".repeat(81) })).toMatch(/--display-name must be one line/);
    expect(refusal({ displayName: "two\nlines" })).toMatch(/--display-name must be one line/);
    expect(refusal({ budgetUSD: 0 })).toMatch(/--budget must be a positive number/);
  });

  it("refuses a file outside games/<name>/", () => {
    expect(() => assertInsideGame("a", "games/a/../b/game.yaml")).toThrow(
      /refusing to write games\/a\/\.\.\/b\/game\.yaml: new-game writes only under games\/a\//,
    );
    expect(() => assertInsideGame("a", "/etc/passwd")).toThrow(UsageError);
    expect(() => assertInsideGame("a", "games/ab/game.yaml")).toThrow(UsageError);
    expect(() => assertInsideGame("a", "games/a/production/kustomization.yaml")).not.toThrow();
  });
});

describe("planNewGame files", () => {
  it("writes game.yaml and one kustomization per environment, all under games/<name>/", () => {
    const files = planNewGame(request({ regions: ["us-east", "eu-west", "us-east"], budgetUSD: 1234.5 }), facts);
    expect([...files.keys()]).toEqual([
      "games/space-pirates/game.yaml",
      "games/space-pirates/development/kustomization.yaml",
      "games/space-pirates/staging/kustomization.yaml",
      "games/space-pirates/production/kustomization.yaml",
    ]);
    const game = files.get("games/space-pirates/game.yaml")!;
    expect(game.split("\n")[0]).toBe("# yaml-language-server: $schema=../../schemas/game.schema.json");
    expect(load(game)).toMatchObject({
      name: "space-pirates",
      displayName: "Space Pirates",
      owner: "space-pirates-team@gaia.tech",
      tier: "growing",
      regions: ["us-east", "eu-west"],
      seasons: [],
      budget: { monthlyUSD: 1234.5 },
    });
    for (const env of ["development", "staging", "production"]) {
      const k = load(files.get(`games/space-pirates/${env}/kustomization.yaml`)!) as any;
      expect(k.namespace).toBe("gaia-space-pirates");
      expect(k.resources).toEqual([`../../../overlays/${env}`]);
      expect(k.components[0]).toBe("../../../base/components/tier-growing");
    }
  });

  it("quotes display names so YAML keeps them as text", () => {
    const files = planNewGame(request({ displayName: 'Pirates: "Yo-ho" # 1', owner: "games/pirates" }), facts);
    expect(load(files.get("games/space-pirates/game.yaml")!)).toMatchObject({ displayName: 'Pirates: "Yo-ho" # 1', owner: "games/pirates" });
  });

  // The example games were written by hand; the scaffold must produce the same files for the same inputs.
  it.each([
    ["wizards-quest", "indie", ["us-east"], "Wizard's Quest", 500],
    ["samurai-honor", "growing", ["asia-pac"], "Samurai Honor", 1100],
  ] as const)("reproduces the example game %s (comment line aside)", (name, tier, regions, displayName, budgetUSD) => {
    const files = planNewGame({ name, tier, regions: [...regions], displayName, budgetUSD }, { existingGames: [], knownRegions: facts.knownRegions });
    for (const [file, text] of files) {
      const real = readFileSync(join(ROOT, file), "utf8");
      const dropComment = (t: string) =>
        t
          .split("\n")
          .filter((l, i) => !(file.endsWith("game.yaml") && i === 1))
          .join("\n");
      expect(dropComment(text)).toBe(dropComment(real));
    }
  });

  it("starts each service at the replica bounds its tier Component sets", () => {
    for (const tier of TIERS) {
      const component = load(readFileSync(join(ROOT, "base", "components", `tier-${tier}`, "kustomization.yaml"), "utf8")) as any;
      for (const service of SERVICES.filter((s) => s !== "redis")) {
        const patch = component.patches.find((p: any) => p.target.kind === "HorizontalPodAutoscaler" && p.target.name === service);
        const ops = load(patch.patch) as Array<{ path: string; value: number }>;
        const bounds = [ops.find((o) => o.path === "/spec/minReplicas")!.value, ops.find((o) => o.path === "/spec/maxReplicas")!.value];
        expect([tier, service, bounds]).toEqual([tier, service, TIER_DEFAULTS[tier].replicas[service]]);
      }
    }
  });
});
