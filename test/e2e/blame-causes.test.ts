// Findings caused by a kustomization transformer through another field than the one they point at: a label that
// commonLabels / labels(includeSelectors) / a targeted patch writes into a platform NetworkPolicy's peer selector, and
// names built by namePrefix and nameSuffix together. The real CLI, kustomize and git on the fixture repository.
import { afterEach, describe, expect, it } from "vitest";
import { $ } from "zx";
import { fixtureRepo, gaia, type FixtureRepo } from "./repo.ts";
import { templateCopy, type TemplateCopy } from "./template-copy.ts";

let repo: FixtureRepo | undefined;
let copy: TemplateCopy | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
  copy?.dispose();
  copy = undefined;
});

const GAME = "games/demo/production/kustomization.yaml";
const HEAD = ["namespace: gaia-demo", "resources:", "  - ../../../overlays/production"];
const args = (r: FixtureRepo) => ["validate", "--root", r.root, "--format", "json", "--no-cache", "--no-progress"];
const run = (r: FixtureRepo, extra: string[] = []) => gaia([...args(r), ...extra], { cwd: r.root });
const where = (report: any) => report.findings.map((f: any) => `${f.ruleId} ${f.source.file}:${f.source.line}`).sort();
const inBase = (report: any) => report.findings.filter((f: any) => [f.source, ...(f.related ?? [])].some((s: any) => s.file.startsWith("base/")));

describe("a transformer that rewrites a platform NetworkPolicy's peer selector is blamed at its line", () => {
  it("commonLabels added to the kube-dns peer: network-dns-egress lands on the commonLabels entry, not on base/", async () => {
    repo = fixtureRepo();
    repo.write(GAME, [...HEAD, "commonLabels:", "  team: red", ""].join("\n")); // team: line 5
    const r = await run(repo);
    expect(r.exitCode).toBe(1);
    expect(inBase(r.json)).toEqual([]);
    expect(where(r.json)).toEqual([`network-dns-egress ${GAME}:5`]);
    expect(r.json.findings[0].message).toContain("kube-dns fails NetworkPolicy allow-dns /spec/egress/0/to/0/podSelector/matchLabels/team");
  });

  it("labels with includeSelectors, and a targeted JSON patch of the peer, are blamed the same way", async () => {
    repo = fixtureRepo();
    repo.write(GAME, [...HEAD, "labels:", "  - pairs:", "      team: red", "    includeSelectors: true", ""].join("\n"));
    const labels = await run(repo);
    expect(inBase(labels.json)).toEqual([]);
    expect(where(labels.json)).toEqual([`network-dns-egress ${GAME}:6`]);

    repo.write(
      GAME,
      [
        ...HEAD,
        "patches:",
        "  - target:",
        "      kind: NetworkPolicy",
        "      name: allow-dns",
        "    patch: |-",
        "      - op: replace", // 9
        "        path: /spec/egress/0/to/0/podSelector/matchLabels/k8s-app",
        "        value: coredns",
        "",
      ].join("\n"),
    );
    const patched = await run(repo);
    expect(inBase(patched.json)).toEqual([]);
    expect(where(patched.json)).toEqual([`network-dns-egress ${GAME}:9`]);
  });

  it("patches that narrow a Service selector or the default-deny's podSelector: every finding they cause lands on the patch", async () => {
    repo = fixtureRepo();
    repo.write(
      GAME,
      [
        ...HEAD,
        "patches:",
        "  - target:",
        "      kind: Service",
        "    patch: |-",
        "      - op: add", // 8
        "        path: /spec/selector/team",
        "        value: red",
        "  - target:",
        "      kind: NetworkPolicy",
        "      name: default-deny",
        "    patch: |-",
        "      - op: add", // 15
        "        path: /spec/podSelector/matchLabels",
        "        value: {tier: gold}",
        "",
      ].join("\n"),
    );
    const r = await run(repo);
    expect(r.exitCode).toBe(1);
    expect(inBase(r.json)).toEqual([]);
    expect(where(r.json)).toEqual([
      `network-default-deny ${GAME}:15`,
      `network-flows-declared ${GAME}:15`,
      `network-only-gateway-external ${GAME}:15`,
      `network-policy-selects-pods ${GAME}:15`,
      `service-selector-matches ${GAME}:8`,
    ]);
  });

  it("stays at the workload when no transformer is involved (the platform's DNS policy is wrong on its own)", async () => {
    repo = fixtureRepo();
    repo.write("base/web/extras.yaml", repo.read("base/web/extras.yaml").replace("k8s-app: kube-dns", "k8s-app: coredns"));
    const r = await run(repo);
    // One per target that renders the base: the overlay and the game.
    expect(r.json.findings.map((f: any) => f.target).sort()).toEqual(["games/demo/production", "overlays/production"]);
    expect(new Set(where(r.json))).toEqual(new Set(["network-dns-egress base/web/deployment.yaml:19"]));
  });
});

describe("namePrefix and nameSuffix: the part that broke the name, or both when both made it", () => {
  const long = ["namePrefix: a-prefix-long-enough-to-push-", "nameSuffix: -every-service-name-past-sixty-three"];
  it.each([
    ["prefix then suffix", long, 4, 5],
    ["suffix then prefix", [long[1], long[0]], 5, 4],
  ])("a name too long because of both (%s) is reported at the prefix, naming the suffix too", async (_, fields, prefixLine, suffixLine) => {
    repo = fixtureRepo();
    repo.write(GAME, [...HEAD, ...fields, ""].join("\n"));
    const r = await run(repo);
    expect(inBase(r.json)).toEqual([]);
    expect(where(r.json)).toEqual([`api-name-syntax ${GAME}:${prefixLine}`]);
    const [f] = r.json.findings;
    expect(f.related).toEqual([{ file: GAME, line: suffixLine }]);
    expect(f.message).toContain(`(made together by namePrefix at ${GAME}:${prefixLine} and nameSuffix at ${GAME}:${suffixLine})`);
  });

  it.each([
    ["a malformed suffix beside a good prefix", ["namePrefix: ok-", "nameSuffix: -Web"], 5],
    ["a malformed prefix beside a good suffix", ["nameSuffix: -ok", "namePrefix: Bad-"], 5],
    ["a malformed prefix alone", ["namePrefix: Bad-"], 4],
    ["a malformed suffix alone", ["nameSuffix: -Web"], 4],
    ["a prefix alone that makes the name too long", [long[0] + "and-longer-still-to-pass-sixty-three-characters-"], 4],
    ["a suffix alone that makes the name too long", [long[1] + "-and-longer-still-to-pass-it"], 4],
  ])("%s is reported at that line alone", async (_, fields, line) => {
    repo = fixtureRepo();
    repo.write(GAME, [...HEAD, ...fields, ""].join("\n"));
    const r = await run(repo);
    expect(inBase(r.json)).toEqual([]);
    expect(where(r.json)).toEqual([`api-name-syntax ${GAME}:${line}`]);
    expect(r.json.findings[0].related).toBeUndefined();
  });

  it("with --changed-since the finding is shown at the line the change made, the other line related", async () => {
    repo = fixtureRepo();
    const r = repo;
    const git = (a: string[]) => $({ cwd: r.root, quiet: true })`git ${a}`;
    r.write(GAME, [...HEAD, "namePrefix: a-prefix-long-enough-to-push-", ""].join("\n"));
    await git(["init", "-q"]);
    await git(["add", "-A"]);
    await git(["-c", "user.email=ci@gaia.tech", "-c", "user.name=ci", "commit", "-qm", "main"]);
    r.write(GAME, [...HEAD, "namePrefix: a-prefix-long-enough-to-push-", long[1], ""].join("\n"));
    const changed = await run(r, ["--changed-since", "HEAD"]);
    expect(where(changed.json)).toEqual([`api-name-syntax ${GAME}:5`]);
    expect(changed.json.findings[0].related).toEqual([{ file: GAME, line: 4 }]);
    expect(changed.json.findings[0].inherited).toBe(false);
    const github = (await gaia([...args(r).filter((a) => a !== "json" && a !== "--format"), "--format", "github", "--changed-since", "HEAD"], { cwd: r.root }))
      .stdout;
    expect(github).toContain(`file=${GAME},line=5`);
    // Without a change scope the primary stays at the prefix.
    expect(where((await run(r)).json)).toEqual([`api-name-syntax ${GAME}:4`]);
  });

  it("objects a base generates (configMapGenerator, hashed names) are blamed on the game's namespace and nameSuffix too", async () => {
    repo = fixtureRepo();
    repo.write("base/web/kustomization.yaml", `${repo.read("base/web/kustomization.yaml")}configMapGenerator:\n  - name: web-settings\n    literals: [A=1]\n`);
    repo.write(GAME, ["namespace: gaia-other", "resources:", "  - ../../../overlays/production", "nameSuffix: -Web", ""].join("\n"));
    const r = await run(repo);
    expect(inBase(r.json)).toEqual([]);
    expect(where(r.json)).toEqual([`api-name-syntax ${GAME}:4`, `tenancy-namespace ${GAME}:1`]);
    for (const f of r.json.findings) expect(f.message).toMatch(/ConfigMap\/gaia-other\/web-settings-Web-[a-z0-9]{10}/);
  });

  it("a reference kustomize cannot rewrite (an EndpointGate's route to a GateNetwork) broken by both: at the prefix, the suffix related", async () => {
    copy = templateCopy();
    const file = "games/samurai-honor/production/kustomization.yaml";
    const text = copy.read(file);
    copy.write(file, `${text}namePrefix: sh-\nnameSuffix: -eu\n`);
    const lines = text.split("\n").length;
    const r = await gaia(["validate", "--format", "json", "--no-progress", file.replace(/\/kustomization.yaml$/, "")], { cwd: copy.root });
    expect(r.exitCode).toBe(1);
    expect(inBase(r.json)).toEqual([]);
    expect(where(r.json)).toEqual([`gate-network-valid ${file}:${lines}`]);
    expect(r.json.findings[0].related).toEqual([{ file, line: lines + 1 }]);
    expect(r.json.findings[0].message).toContain('no GateNetwork named "user-handler"');
  }, 120_000);
});
