import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SourceLocator } from "../../../scripts/lib/parse/locate.ts";
import { DocumentSchemas } from "../../../scripts/lib/schema/documents.ts";
import { TOOLKIT_ROOT } from "../../../scripts/lib/util/paths.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const GAME = `# a game
name: demo
displayName: Demo
owner: demo-team@gaia.tech
tier: indie
regions:
  - eu-west
services:
  gateway:
    enabled: true
    minReplicas: 1
    maxReplicas: 2
budget:
  monthlyUSD: 500
`;
const GAME_DOC = { file: "games/demo/game.yaml", schema: "schemas/game.schema.json" };

function check(text: string | Buffer, doc = GAME_DOC) {
  repo = tempRepo();
  repo.write(doc.file, text);
  return new DocumentSchemas(repo.root).validate(doc, new SourceLocator(repo.root));
}

describe("DocumentSchemas", () => {
  it("is quiet on a valid game.yaml", () => {
    expect(check(GAME)).toEqual([]);
  });

  it("reports a typo'd field at its own line with a suggestion", () => {
    const found = check(GAME.replace("    maxReplicas: 2", "    maxReplica: 2"));
    const typo = found.find((f) => f.message.includes('"maxReplica"'));
    expect(typo).toMatchObject({
      ruleId: "document-schema",
      category: "config",
      severity: "error",
      path: "/services/gateway/maxReplica",
      source: { file: "games/demo/game.yaml", line: 12 },
    });
    expect(typo!.message).toContain('did you mean "maxReplicas"');
  });

  it("reports a bad enum value at its line with the allowed values", () => {
    const [f] = check(GAME.replace("tier: indie", "tier: huge"));
    expect(f.source).toEqual({ file: "games/demo/game.yaml", line: 5 });
    expect(f.message).toMatch(/^tier must be one of .*indie/);
  });

  it("reports a missing required field at the document", () => {
    const found = check(GAME.replace("owner: demo-team@gaia.tech\n", ""));
    expect(found.some((f) => f.message.includes("owner") && f.source.line >= 1)).toBe(true);
  });

  it("returns the parse findings of a broken file instead of validating it", () => {
    expect(check("name: a\nname: b\n").map((f) => f.ruleId)).toEqual(["yaml-duplicate-key"]);
  });

  it("reports a missing JSON schema and returns nothing for a missing document", () => {
    const [f] = check("a: 1\n", { file: "policies/extra.yaml", schema: "schemas/nope.schema.json" });
    expect(f).toMatchObject({ ruleId: "schema-missing", source: { file: "policies/extra.yaml", line: 1 } });
    expect(new DocumentSchemas(repo.root).validate({ file: "games/none/game.yaml", schema: "schemas/game.schema.json" }, new SourceLocator(repo.root))).toEqual(
      [],
    );
  });

  it("checks the repository's own game.yaml files clean", () => {
    const schemas = new DocumentSchemas(TOOLKIT_ROOT);
    const locator = new SourceLocator(TOOLKIT_ROOT);
    const file = "games/fitness-warriors/game.yaml";
    expect(readFileSync(join(TOOLKIT_ROOT, file), "utf8")).toContain("tier:");
    expect(schemas.validate({ file, schema: "schemas/game.schema.json" }, locator)).toEqual([]);
  });
});
