import { describe, expect, it } from "vitest";
import { moveText, planPromotion } from "../../../scripts/lib/promote/plan.ts";
import { checkOrder } from "../../../scripts/lib/promote/promote.ts";

const files = { from: "overlays/development/kustomization.yaml", to: "overlays/staging/kustomization.yaml" };
const SOURCE = `images:
  - name: web
    newTag: "2.0"
    digest: sha256:aaa
  - name: redis
    newTag: 7.2.5
  - name: unpinned
configMapGenerator:
  - name: settings
    literals:
      - RELEASE=2.0
      - LOG_LEVEL=debug
`;
const TARGET = `# staging
images:
  - name: web # the front door
    newTag: "1.0" # current
  - name: redis
    newTag: 7.2.5
configMapGenerator:
  - name: settings
    behavior: merge
    literals:
      - RELEASE=1.0
      - LOG_LEVEL=info
`;
const config = [{ configMap: "settings", keys: ["RELEASE"] }];

describe("planPromotion", () => {
  it("moves changed image pins and promotable config values, keeping comments and leaving the rest", () => {
    const { moves, text } = planPromotion(SOURCE, TARGET, files, { config });
    expect(moves.map(moveText)).toEqual(["image web: 1.0 → 2.0@sha256:aaa", "config settings RELEASE: 1.0 → 2.0"]);
    expect(text).toBe(`# staging
images:
  - name: web # the front door
    newTag: "2.0" # current
    digest: sha256:aaa
  - name: redis
    newTag: 7.2.5
configMapGenerator:
  - name: settings
    behavior: merge
    literals:
      - RELEASE=2.0
      - LOG_LEVEL=info
`);
  });

  it("adds images and config the target does not pin yet, and removes pin fields the source no longer sets", () => {
    const { moves, text } = planPromotion(
      "images:\n  - name: web\n    digest: sha256:bbb\n  - name: new\n    newTag: '1'\nconfigMapGenerator:\n  - name: settings\n    literals: [RELEASE=3]\n",
      "images:\n  - name: web\n    newTag: '1.0'\n",
      files,
      { config },
    );
    expect(moves.map((m) => m.kind)).toEqual(["image", "image", "config"]);
    expect(text).toContain("- name: web\n    digest: sha256:bbb\n");
    expect(text).not.toContain("newTag: '1.0'");
    expect(text).toContain('- name: new\n    newTag: "1"');
    expect(text).toContain("configMapGenerator:\n  - name: settings\n    literals:\n      - RELEASE=3");
  });

  it("moves nothing when the target already pins the same versions, and returns the text untouched", () => {
    const same = planPromotion(TARGET, TARGET, files, { config });
    expect(same.moves).toEqual([]);
    expect(same.text).toBe(TARGET);
  });

  it("honours --only", () => {
    expect(planPromotion(SOURCE, TARGET, files, { config, only: "images" }).moves.map((m) => m.kind)).toEqual(["image"]);
    expect(planPromotion(SOURCE, TARGET, files, { config, only: "config" }).moves.map((m) => m.kind)).toEqual(["config"]);
  });

  it("rejects unreadable YAML and non-list images with the file named", () => {
    expect(() => planPromotion("images: [\n", TARGET, files, { config })).toThrow(/overlays\/development\/kustomization\.yaml: cannot be read as YAML/);
    expect(() => planPromotion(SOURCE, "images: web\n", files, { config })).toThrow(/overlays\/staging\/kustomization\.yaml: images must be a list/);
    expect(() => planPromotion("- a\n", TARGET, files, { config })).toThrow(/expected a Kustomization mapping/);
  });
});

describe("checkOrder", () => {
  it("allows one step forward and refuses skips, backwards moves and self-promotion", () => {
    expect(() => checkOrder("development", "staging")).not.toThrow();
    expect(() => checkOrder("staging", "production")).not.toThrow();
    expect(() => checkOrder("development", "production")).toThrow(/it skips staging/);
    expect(() => checkOrder("production", "staging")).toThrow(/staging comes before production/);
    expect(() => checkOrder("staging", "staging")).toThrow(/to itself/);
    expect(() => checkOrder("development", "production", true, " ")).toThrow(/--force needs --reason/);
    expect(() => checkOrder("development", "production", true, "hotfix")).not.toThrow();
  });
});
