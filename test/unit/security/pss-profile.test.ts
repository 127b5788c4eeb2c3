// The Pod Security Standards (v1.30) have 11 baseline and 6 restricted controls; each one is a catalog rule of that
// profile, and the namespace's Pod Security Admission level decides which profiles a game is checked against.
import { describe, expect, it } from "vitest";
import { allRules } from "../../../scripts/lib/policy/rules/index.ts";
import { PSS_CONTROLS, profileChecked } from "../../../scripts/lib/policy/k8s/pss-profile.ts";
import type { TargetContext } from "../../../scripts/lib/policy/types.ts";
import type { ArgoApplication } from "../../../scripts/lib/argocd/cluster-model.ts";

const byId = new Map(allRules().map((r) => [r.id, r]));

function gameCtx(levels: Array<string | undefined>): TargetContext {
  const applications = levels.map(
    (level, i) =>
      ({
        name: `game-demo-${i}`,
        sources: [{ repoURL: "r", path: "games/demo/production" }],
        namespaceLabels: level ? { "pod-security.kubernetes.io/enforce": level } : {},
      }) as unknown as ArgoApplication,
  );
  return {
    target: { path: "games/demo/production", kind: "game", game: "demo", environment: "production" },
    objects: [],
    repo: { argocd: { model: { applications, errors: [] }, sources: new Map(), clusterTargets: [] } },
  } as unknown as TargetContext;
}

describe("Pod Security Standards coverage", () => {
  it("covers every control of both profiles with a rule of that profile", () => {
    expect(Object.keys(PSS_CONTROLS.baseline)).toHaveLength(11);
    expect(Object.keys(PSS_CONTROLS.restricted)).toHaveLength(6);
    for (const profile of ["baseline", "restricted"] as const)
      for (const [control, id] of Object.entries(PSS_CONTROLS[profile])) {
        expect(byId.get(id)?.profile, `${profile} control ${control} -> ${id}`).toBe(profile);
      }
  });

  it("lists every rule that declares a profile", () => {
    const declared = allRules()
      .filter((r) => r.profile)
      .map((r) => r.id)
      .sort();
    expect(declared).toEqual([...Object.values(PSS_CONTROLS.baseline), ...Object.values(PSS_CONTROLS.restricted)].sort());
  });
});

describe("the enforce level of a game's namespace", () => {
  it("checks a profile where the namespace enforces it or something stricter", () => {
    expect([profileChecked("baseline", gameCtx(["baseline"])), profileChecked("restricted", gameCtx(["baseline"]))]).toEqual([true, false]);
    expect([profileChecked("baseline", gameCtx(["privileged"])), profileChecked("restricted", gameCtx(["privileged"]))]).toEqual([false, false]);
    expect(profileChecked("restricted", gameCtx(["restricted"]))).toBe(true);
  });

  it("takes the strictest level when clusters disagree, and checks everything when nothing sets one", () => {
    expect(profileChecked("restricted", gameCtx(["baseline", "restricted"]))).toBe(true);
    expect(profileChecked("restricted", gameCtx([]))).toBe(true);
    expect(profileChecked("restricted", gameCtx([undefined, "bogus"]))).toBe(true);
    expect(profileChecked(undefined, gameCtx(["privileged"]))).toBe(true);
  });
});
