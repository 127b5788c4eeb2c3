// gaia new-game in-process on throw-away repositories: all files or none, one-line refusals with exit 2.
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.ts";
import { fakeIo } from "../cli/fake-io.ts";
import { writeGameFolder } from "../../../scripts/cli/new-game.ts";
import { existingGames, placeableRegions } from "../../../scripts/lib/scaffold/facts.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

function setup(): TempRepo {
  return tempRepo({
    "policies/config.yaml": 'kubernetesVersion: "1.30"\n',
    "games/wizards-quest/game.yaml": "name: wizards-quest\n",
    "clusters/production-us-east/cluster.yaml": "name: production-us-east\nregion: us-east\n",
    "clusters/production-eu-west/cluster.yaml": "name: production-eu-west\nregion: eu-west\n",
    "clusters/production-solo-asia-pac/cluster.yaml": "name: production-solo-asia-pac\nregion: asia-pac\ndedicatedGame: solo\n",
    "clusters/broken/cluster.yaml": "region: [\n",
    "clusters/_templates/x/cluster.yaml": "region: mars\n",
  });
}

const tree = (root: string): string[] => {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name), `${rel}${e.name}/`);
      else out.push(`${rel}${e.name}`);
    }
  };
  walk(root, "");
  return out.sort();
};

describe("gaia new-game", () => {
  it("writes the four files of games/<name>/ and nothing else", async () => {
    repo = setup();
    const before = tree(repo.root);
    const io = fakeIo({ cwd: repo.root });
    expect(
      await main(["new-game", "space-pirates", "--tier", "viral", "--regions", "us-east,eu-west", "--owner", "pirates@gaia.tech", "--budget", "9000"], io),
    ).toBe(0);
    expect(io.stdout()).toContain(
      "created games/space-pirates/ (game.yaml, development/kustomization.yaml, staging/kustomization.yaml, production/kustomization.yaml)",
    );
    const added = tree(repo.root).filter((f) => !before.includes(f));
    expect(added).toEqual([
      "games/space-pirates/development/kustomization.yaml",
      "games/space-pirates/game.yaml",
      "games/space-pirates/production/kustomization.yaml",
      "games/space-pirates/staging/kustomization.yaml",
    ]);
    const game = readFileSync(join(repo.root, "games/space-pirates/game.yaml"), "utf8");
    expect(game).toContain("owner: pirates@gaia.tech\ntier: viral\nregions:\n  - us-east\n  - eu-west\n");
    expect(game).toContain("budget:\n  monthlyUSD: 9000\n");
  });

  it.each([
    [["new-game", "Space_Pirates", "--tier", "indie", "--regions", "us-east"], /^gaia: game name "Space_Pirates" is not a DNS-1123 label/],
    [["new-game", "a".repeat(41), "--tier", "indie", "--regions", "us-east"], /is 41 characters long; at most 40/],
    [["new-game", "wizards-quest", "--tier", "indie", "--regions", "us-east"], /^gaia: game "wizards-quest" already exists/],
    [["new-game", "x", "--tier", "mega", "--regions", "us-east"], /^gaia: unknown tier "mega"/],
    [["new-game", "x", "--tier", "indie", "--regions", "asia-pac"], /^gaia: unknown region "asia-pac": clusters\/\*\/cluster\.yaml serve eu-west, us-east/],
    [["new-game", "x", "--regions", "us-east"], /^gaia: --tier is required/],
    [["new-game", "x", "--tier", "indie"], /^gaia: --regions is required/],
    [["new-game", "x", "--tier", "indie", "--regions", "us-east", "--budget", "lots"], /^gaia: --budget must be a positive number of US dollars, not "lots"/],
  ])("refuses %j with exit 2, one line, and writes nothing", async (argv, message) => {
    repo = setup();
    const before = tree(repo.root);
    const io = fakeIo({ cwd: repo.root });
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stderr().trimEnd().split("\n")).toHaveLength(1);
    expect(io.stdout()).toBe("");
    expect(tree(repo.root)).toEqual(before);
  });
});

describe("new-game helpers", () => {
  it("writes nothing when the folder appears between planning and writing, and leaves no partial folder", () => {
    repo = setup();
    mkdirSync(join(repo.root, "games", "late"), { recursive: true });
    repo.write("games/late/keep.txt", "someone else's\n");
    expect(() => writeGameFolder(repo.root, "late", new Map([["games/late/game.yaml", "name: late\n"]]))).toThrow(/game "late" already exists/);
    expect(readdirSync(join(repo.root, "games")).sort()).toEqual(["late", "wizards-quest"]);
    expect(readdirSync(join(repo.root, "games", "late"))).toEqual(["keep.txt"]);
  });

  it("creates games/ when the repository has none", () => {
    repo = tempRepo({ "policies/config.yaml": "" });
    writeGameFolder(repo.root, "first", new Map([["games/first/game.yaml", "name: first\n"]]));
    expect(existsSync(join(repo.root, "games", "first", "game.yaml"))).toBe(true);
    expect(existingGames(repo.root)).toEqual(["first"]);
  });

  it("places games only in regions of clusters that take any game", () => {
    repo = setup();
    expect(placeableRegions(repo.root)).toEqual(["eu-west", "us-east"]);
    expect(placeableRegions(join(repo.root, "nowhere"))).toEqual([]);
    expect(existingGames(join(repo.root, "nowhere"))).toEqual([]);
  });
});
