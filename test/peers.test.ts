// A rule that claims a peer tool's check (kube-score, Polaris, kube-linter) must agree with that peer on the peer's own kind
// of input: it fires on `peer.<tool>.<checkId>.fail.yaml` and stays quiet on `peer.<tool>.<checkId>.pass.yaml`.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadFixture, runRuleOnFixture } from "../scripts/lib/policy/fixtures.ts";
import { PEER_CHECKS } from "../scripts/lib/policy/peers.ts";
import { allRules, ruleDir } from "../scripts/lib/policy/rules/index.ts";
import type { PeerCoverage, Rule } from "../scripts/lib/policy/types.ts";

const root = join(import.meta.dirname, "..");
const TOOLS = Object.keys(PEER_CHECKS) as Array<keyof PeerCoverage>;

const claims = (rule: Rule) => TOOLS.flatMap((tool) => (rule.covers?.[tool] ?? []).map((checkId) => ({ tool, checkId })));
const peerFile = (rule: Rule, tool: string, checkId: string, verdict: "pass" | "fail") =>
  join(root, ruleDir(rule.id), `peer.${tool}.${checkId}.${verdict}.yaml`);

describe("peer coverage metadata", () => {
  it("names only the peer tools we know", () => {
    for (const rule of allRules())
      expect(
        Object.keys(rule.covers ?? {}).filter((k) => !TOOLS.includes(k as keyof PeerCoverage)),
        rule.id,
      ).toEqual([]);
  });

  it("claims only check ids the peers ship", () => {
    const unknown = allRules().flatMap((rule) =>
      claims(rule)
        .filter(({ tool, checkId }) => !PEER_CHECKS[tool].some((c) => c.id === checkId))
        .map(({ tool, checkId }) => `${rule.id}: ${tool}.${checkId}`),
    );
    expect(unknown).toEqual([]);
  });

  it("has no peer fixture without a matching claim", () => {
    const orphans = allRules().flatMap((rule) => {
      const dir = join(root, ruleDir(rule.id));
      if (!existsSync(dir)) return [];
      const claimed = new Set(claims(rule).map(({ tool, checkId }) => `${tool}.${checkId}`));
      return readdirSync(dir)
        .filter((f) => f.startsWith("peer."))
        .filter((f) => {
          const m = /^peer\.([^.]+)\.(.+)\.(pass|fail)\.ya?ml$/.exec(f);
          return !m || !claimed.has(`${m[1]}.${m[2]}`);
        })
        .map((f) => `${rule.id}/${f}`);
    });
    expect(orphans).toEqual([]);
  });

  it("marks stricter only claims the rule makes, each with a reason", () => {
    const wrong = allRules().flatMap((rule) =>
      Object.entries(rule.stricter ?? {}).flatMap(([tool, reasons]) =>
        Object.entries(reasons ?? {})
          .filter(([checkId, reason]) => !(rule.covers?.[tool as keyof PeerCoverage] ?? []).includes(checkId) || reason.trim().length < 20)
          .map(([checkId]) => `${rule.id}: ${tool}.${checkId}`),
      ),
    );
    expect(wrong).toEqual([]);
  });

  it("does not let two peer tools share one id spelling by accident", () => {
    for (const tool of TOOLS) {
      const ids = PEER_CHECKS[tool].map((c) => c.id);
      expect(
        ids.filter((id, i) => ids.indexOf(id) !== i),
        tool,
      ).toEqual([]);
    }
  });
});

const cases = allRules().flatMap((rule) => claims(rule).map(({ tool, checkId }) => [`${rule.id} ↔ ${tool} ${checkId}`, rule, tool, checkId] as const));

describe.each(cases)("%s", (_name, rule, tool, checkId) => {
  const fail = peerFile(rule, tool, checkId, "fail");
  const pass = peerFile(rule, tool, checkId, "pass");

  it("has a fail and a pass fixture", () => {
    expect(existsSync(fail), fail).toBe(true);
    expect(existsSync(pass), pass).toBe(true);
  });

  it("fires where the peer fails the object", () => {
    const findings = runRuleOnFixture(rule, loadFixture(fail)).filter((f) => f.ruleId === rule.id);
    expect(findings.length, `expected ${rule.id} to fire on ${fail}`).toBeGreaterThan(0);
  });

  it("stays quiet where the peer passes it", () => {
    const findings = runRuleOnFixture(rule, loadFixture(pass)).filter((f) => f.ruleId === rule.id);
    expect(findings.map((f) => f.message)).toEqual([]);
  });
});
