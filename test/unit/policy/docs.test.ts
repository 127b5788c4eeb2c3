import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rulesMarkdown } from "../../../scripts/lib/policy/docs.ts";
import { PEER_CHECKS } from "../../../scripts/lib/policy/peers.ts";
import { allRules } from "../../../scripts/lib/policy/rules/index.ts";
import { TOOLKIT_ROOT } from "../../../scripts/lib/util/paths.ts";
import { flagDeployments } from "./helpers.ts";

describe("docs/rules.md", () => {
  it("is what `gaia docs` generates from the catalog (run `make docs` and commit when this fails)", () => {
    const committed = readFileSync(join(TOOLKIT_ROOT, "docs", "rules.md"), "utf8");
    expect(committed).toBe(rulesMarkdown(allRules()));
  });
});

describe("rulesMarkdown", () => {
  const kubeScoreId = PEER_CHECKS.kubeScore[0].id;
  const rule = flagDeployments({ covers: { kubeScore: [kubeScoreId] }, environments: ["production"], title: "Pipes | in titles" });
  const text = rulesMarkdown([rule]);

  it("has a table row per rule with its coverage columns, escaping pipes", () => {
    expect(text).toContain("1 rules.");
    expect(text).toContain(`| [\`flag-deployments\`](#flag-deployments) | hygiene | warning | Pipes \\| in titles | ${kubeScoreId} |  |  |`);
  });

  it("has a section per rule with rationale, fix, environments and parameters", () => {
    expect(text).toContain("## flag-deployments");
    expect(text).toContain("hygiene, warning by default, object scope, only in production.");
    expect(text).toContain("Fix: generic fix");
    expect(text).toContain("- `max` (default `3`): a limit");
  });

  it("lists the peer checks no rule covers, with why, and counts the covered ones", () => {
    expect(text).toContain(`1 of ${PEER_CHECKS.kubeScore.length} checks covered.`);
    expect(text).not.toContain(`| \`${kubeScoreId}\` |`);
    const other = PEER_CHECKS.kubeScore[1];
    expect(text).toContain(`| \`${other.id}\` |`);
    expect(text).toContain(`0 of ${PEER_CHECKS.polaris.length} checks covered.`);
    expect(text.endsWith("\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
  });
});
