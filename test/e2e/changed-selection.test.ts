// Property: for random single-file edits in a generated repository, every target whose rendered output changes is
// among those `validate --changed-since` (and `diff --since`) select. Real git, real kustomize, no render cache.
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, parseDocument } from "yaml";
import { $ } from "zx";
import { writeSyntheticRepo } from "../../scripts/bench/synthetic-repo.ts";
import { discoverTargets, selectTargets } from "../../scripts/lib/discover/discover.ts";
import { changedTargets } from "../../scripts/lib/discover/changed.ts";
import { renderTargets } from "../../scripts/lib/render/render.ts";
import { noCache } from "../../scripts/lib/render/cache.ts";
import { resolveKustomize } from "../../scripts/lib/kustomize/resolve.ts";
import { kustomizeBuilder } from "../../scripts/lib/kustomize/build.ts";

let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "gaia-selection-"));
  writeSyntheticRepo(root, 3);
  await $({ cwd: root, quiet: true })`git init --quiet && git add -A && git -c user.name=t -c user.email=t@t commit --quiet -m base`;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith(".")) return [];
    const abs = join(dir, name);
    return statSync(abs).isDirectory() ? yamlFiles(abs) : /\.ya?ml$/.test(name) ? [relative(root, abs)] : [];
  });
}

/** A deterministic generator (mulberry32), so a failure names an edit that can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An edit that changes what the file renders to: an annotation on a kustomization, a label on a resource. */
function edit(file: string, n: number): void {
  const abs = join(root, file);
  const text = readFileSync(abs, "utf8");
  if (/kustomization\.ya?ml$/.test(file)) {
    const doc = parseDocument(text);
    doc.setIn(["commonAnnotations", "gaia.tech/edit"], String(n));
    writeFileSync(abs, doc.toString());
    return;
  }
  const docs = parseAllDocuments(text) as Array<ReturnType<typeof parseDocument>>;
  docs[0].setIn(["metadata", "labels", "gaia-edit"], String(n));
  writeFileSync(abs, docs.map((d) => d.toString()).join("---\n"));
}

describe("changed-only selection (property, real kustomize)", () => {
  it("selects every target whose rendered output changes, for random single-file edits", async () => {
    const kustomize = await resolveKustomize({ root, env: process.env });
    const render = async () => {
      const rendered = await renderTargets(discoverTargets(root), {
        root,
        kustomizeVersion: kustomize.version,
        build: kustomizeBuilder(kustomize),
        cache: noCache(),
        jobs: 2,
      });
      return new Map(rendered.map((r) => [r.target.path, r.objects.map((o) => o.object)]));
    };
    const before = await render();
    // Kustomizations and resource files (a first document with kind and metadata); patches and other data are left out.
    const files = yamlFiles(root)
      .filter((f) => {
        const first = parseAllDocuments(readFileSync(join(root, f), "utf8"))[0]?.toJS() as { kind?: unknown; metadata?: unknown } | null;
        return /kustomization\.ya?ml$/.test(f) || (!!first && typeof first === "object" && !!first.kind && !!first.metadata);
      })
      .sort();
    const next = random(20261203);
    let changedSomething = 0;
    for (let i = 0; i < 6; i++) {
      const file = files[Math.floor(next() * files.length)];
      edit(file, i);
      const after = await render();
      const changed = [...after.keys()].filter((p) => !isDeepStrictEqual(before.get(p), after.get(p)));
      const selected = selectTargets(root, discoverTargets(root), await changedTargets(root, "HEAD")).map((t) => t.path);
      expect(selected, `edit of ${file} (step ${i})`).toEqual(expect.arrayContaining(changed));
      if (changed.length) changedSomething++;
      await $({ cwd: root, quiet: true })`git checkout -- .`;
    }
    expect(changedSomething).toBeGreaterThan(0);
  }, 300_000);
});
