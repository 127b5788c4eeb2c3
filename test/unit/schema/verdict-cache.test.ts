// The schema verdict cache only ever answers "known valid" for an object it was told is valid, under the same schema
// fingerprint; anything else (another object, another fingerprint, a corrupt or foreign file) is a miss.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { diskVerdictCache, noVerdictCache, objectDigest, schemaFingerprint } from "../../../scripts/lib/schema/verdict-cache.ts";
import { KUBERNETES_SCHEMA_DIR } from "../../../scripts/lib/schema/kubernetes-schemas.ts";
import type { K8sObject } from "../../../scripts/lib/types.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const object = (name: string): K8sObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "gaia-demo" }, data: { a: "1" } });
const cacheFile = (fingerprint: string) => join(repo.root, ".cache", `schema-valid-${fingerprint}.json`);

describe("diskVerdictCache", () => {
  it("knows only the objects remembered as valid, across runs, and nothing it was never told", () => {
    repo = tempRepo();
    const first = diskVerdictCache(repo.root, "fp1");
    expect(first.isKnownValid(object("a"))).toBe(false);
    first.rememberValid(object("a"));
    expect(first.isKnownValid(object("a"))).toBe(true);
    expect(first.isKnownValid(object("b"))).toBe(false);
    first.save();
    const second = diskVerdictCache(repo.root, "fp1");
    expect(second.isKnownValid(object("a"))).toBe(true);
    expect(second.isKnownValid(object("b"))).toBe(false);
    expect(second.isKnownValid({ ...object("a"), data: { a: "2" } })).toBe(false);
  });

  it("forgets everything when the schema fingerprint changes", () => {
    repo = tempRepo();
    const cache = diskVerdictCache(repo.root, "fp1");
    cache.rememberValid(object("a"));
    cache.save();
    expect(diskVerdictCache(repo.root, "fp2").isKnownValid(object("a"))).toBe(false);
  });

  it("writes nothing when nothing new was learned, and leaves no partial file", () => {
    repo = tempRepo();
    diskVerdictCache(repo.root, "fp1").save();
    expect(existsSync(cacheFile("fp1"))).toBe(false);
    const cache = diskVerdictCache(repo.root, "fp1");
    cache.rememberValid(object("a"));
    cache.save();
    expect(readdirSync(join(repo.root, ".cache"))).toEqual(["schema-valid-fp1.json"]);
  });

  it.each([
    ["truncated JSON", '["abc'],
    ["binary bytes", "\u0000\u00ff{"],
    ["a mapping instead of a list", '{"digest": true}'],
    ["numbers", "[1, 2, 3]"],
    ["a string", JSON.stringify("not a list")],
  ])("treats a cache file holding %s as empty", (_what, text) => {
    repo = tempRepo();
    mkdirSync(join(repo.root, ".cache"), { recursive: true });
    writeFileSync(cacheFile("fp1"), text);
    const cache = diskVerdictCache(repo.root, "fp1");
    expect(cache.isKnownValid(object("a"))).toBe(false);
    cache.rememberValid(object("a"));
    cache.save();
    expect(diskVerdictCache(repo.root, "fp1").isKnownValid(object("a"))).toBe(true);
  });

  it("digests objects by content, so an edited object is a different entry", () => {
    expect(objectDigest(object("a"))).toBe(objectDigest(object("a")));
    expect(objectDigest(object("a"))).not.toBe(objectDigest(object("b")));
  });
});

describe("schemaFingerprint", () => {
  it("changes when a schema file changes, and with the extra key", () => {
    const file = `${KUBERNETES_SCHEMA_DIR}/configmap-v1.json`;
    repo = tempRepo({ [file]: "{}" });
    const before = schemaFingerprint(repo.root, "x");
    expect(schemaFingerprint(repo.root, "x")).toBe(before);
    expect(schemaFingerprint(repo.root, "y")).not.toBe(before);
    writeFileSync(join(repo.root, file), '{"type": "object"}');
    expect(schemaFingerprint(repo.root, "x")).not.toBe(before);
  });
});

describe("noVerdictCache", () => {
  it("never knows anything", () => {
    const cache = noVerdictCache();
    cache.rememberValid(object("a"));
    expect(cache.isKnownValid(object("a"))).toBe(false);
  });
});
