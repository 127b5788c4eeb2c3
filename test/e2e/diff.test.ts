// gaia diff on a real git repository with the real kustomize: target selection, fields old → new, masked secrets.
import { afterEach, describe, expect, it } from "vitest";
import { gaia } from "./repo.ts";
import { gitFixtureRepo, type GitRepo } from "./git-repo.ts";

let repo: GitRepo;
afterEach(() => repo?.dispose());

const diff = (...args: string[]) => gaia(["diff", ...args, "--no-cache"], { cwd: repo.root });
const json = async (...args: string[]) => {
  const r = await diff(...args, "--format", "json");
  expect(r.exitCode, r.stderr).toBe(0);
  return r.json;
};
const fields = (target: any) =>
  target.objects.flatMap((o: any) => o.fields.map((f: any) => `${o.object.kind}/${o.object.name} ${f.path}: ${f.before} → ${f.after}`));

describe("gaia diff end to end (real git, real kustomize)", () => {
  it("--since HEAD~1 after adding a game: only the new game's targets, every object added", async () => {
    repo = await gitFixtureRepo();
    for (const env of ["staging", "production"])
      repo.write(`games/arena/${env}/kustomization.yaml`, `namespace: gaia-arena\nresources:\n  - ../../../overlays/${env}\n`);
    await repo.commitAll("add arena");
    const r = await json("--since", "HEAD~1");
    expect(r.targets.map((t: any) => [t.target, t.status])).toEqual([
      ["games/arena/production", "added"],
      ["games/arena/staging", "added"],
    ]);
    expect(r.targets[0].objects.every((o: any) => o.change === "added" && o.object.namespace === "gaia-arena")).toBe(true);
    expect(r.base).toMatch(/^HEAD~1 \([0-9a-f]{7,}\)$/);
  });

  it("--since after removing a game's environment: that target removed, every object removed", async () => {
    repo = await gitFixtureRepo();
    await repo.git("rm", "-r", "--quiet", "games/demo/development");
    await repo.commitAll("demo leaves development");
    const r = await json("--since", "HEAD~1");
    expect(r.targets.map((t: any) => [t.target, t.status])).toEqual([["games/demo/development", "removed"]]);
    expect(r.targets[0].objects.length).toBeGreaterThan(0);
    expect(r.targets[0].objects.every((o: any) => o.change === "removed")).toBe(true);
  });

  it("--since after a base change selects every target including it and shows the changed field old → new", async () => {
    repo = await gitFixtureRepo();
    repo.write(
      "base/web/deployment.yaml",
      repo.read("base/web/deployment.yaml").replace("cpu: 100m\n              memory: 128Mi", "cpu: 200m\n              memory: 128Mi"),
    );
    await repo.commitAll("more cpu");
    const r = await json("--since", "HEAD~1");
    expect(r.targets.map((t: any) => t.target)).toEqual([
      "games/demo/development",
      "games/demo/production",
      "games/demo/staging",
      "overlays/development",
      "overlays/production",
      "overlays/staging",
    ]);
    for (const t of r.targets) expect(fields(t)).toEqual(["Deployment/web spec.template.spec.containers[name=web].resources.requests.cpu: 100m → 200m"]);
  });

  it("--since after a production overlay change (uncommitted) selects only production, and masks Secret values", async () => {
    repo = await gitFixtureRepo();
    const file = "overlays/production/kustomization.yaml";
    repo.write(file, `${repo.read(file)}secretGenerator:\n  - name: web-token\n    literals: [TOKEN=first-secret-value]\n`);
    await repo.commitAll("token");
    repo.write(file, repo.read(file).replace("first-secret-value", "second-secret-value").replace("LOG_LEVEL=info", "LOG_LEVEL=warn"));
    const r = await json("--since", "HEAD");
    expect(r.head).toBe("working tree");
    expect(r.targets.map((t: any) => t.target)).toEqual(["games/demo/production", "overlays/production"]);
    const overlay = r.targets[1];
    const token = overlay.objects.find((o: any) => o.object.kind === "Secret");
    expect(token.fields.find((f: any) => f.path === "data.TOKEN")).toEqual({ path: "data.TOKEN", type: "changed", masked: true });
    expect(fields(overlay)).toContain(`ConfigMap/${overlay.objects.find((o: any) => o.object.kind === "ConfigMap").object.name} data.LOG_LEVEL: info → warn`);
    const text = (await diff("--since", "HEAD")).stdout + (await diff("--since", "HEAD", "--format", "markdown")).stdout;
    expect(text).not.toMatch(/first-secret-value|second-secret-value|Zmlyc3Qtc2VjcmV0LXZhbHVl|c2Vjb25kLXNlY3JldC12YWx1ZQ/);
    expect(text).toContain("(secret, changed)");
    expect(text).toContain("<details>");
    expect(await repo.git("worktree", "list")).not.toContain("gaia-snapshot");
  });

  it("--env staging..production --game demo shows how the two environments differ", async () => {
    repo = await gitFixtureRepo();
    const r = await json("--env", "staging..production", "--game", "demo");
    expect(r.targets).toHaveLength(1);
    expect(r.targets[0].target).toBe("games/demo/staging → games/demo/production");
    expect(fields(r.targets[0])).toContain("Deployment/web spec.replicas: 1 → 3");
    const none = await diff("--env", "staging..production", "--game", "demo", "--exit-code");
    expect(none.exitCode).toBe(1);
  });

  it("gives exit 2 and one clear line on each usage error", async () => {
    repo = await gitFixtureRepo();
    const cases: Array<[string[], RegExp]> = [
      [[], /needs exactly one of --since <ref> or --env/],
      [["--since", "no-such-ref"], /--since no-such-ref: git cannot compare with that ref/],
      [["--env", "staging"], /--env takes two environments as <from>\.\.<to>/],
      [["--env", "staging..qa"], /unknown environment "qa"/],
      [["--env", "staging..production", "--game", "ghost"], /no target games\/ghost\/staging/],
      [["--since", "HEAD", "--format", "html"], /--format must be one of pretty, markdown, json/],
    ];
    for (const [args, message] of cases) {
      const r = await diff(...args);
      expect(r.exitCode, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toEqual([expect.stringMatching(message)]);
    }
  });
});
