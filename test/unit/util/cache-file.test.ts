import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cacheHealth, checksumOf, isStringList, readCacheFile, writeCacheFile } from "../../../scripts/lib/util/cache-file.ts";
import { diskVerdictCache, objectDigest } from "../../../scripts/lib/schema/verdict-cache.ts";
import { diskCache, isCachedRender } from "../../../scripts/lib/render/cache.ts";
import { createSyntaxChecker } from "../../../scripts/lib/parse/closure-syntax.ts";
import { tempRepo, type TempRepo } from "./temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const envelope = (payload: unknown, checksum?: string) => {
  const text = JSON.stringify(payload);
  return JSON.stringify({ format: "gaia-cache-v1", checksum: checksum ?? checksumOf(text), payload: text });
};

describe("cache files", () => {
  it("read back what was written, leaving no temporary file", () => {
    repo = tempRepo();
    const file = join(repo.root, "c", "x.json");
    const health = cacheHealth();
    writeCacheFile(file, ["a", "b"], health);
    expect(readCacheFile(file, isStringList)).toEqual(["a", "b"]);
    expect(readdirSync(join(repo.root, "c"))).toEqual(["x.json"]);
    expect(health.warning()).toBeUndefined();
  });

  it("are not trusted when truncated, edited without the checksum, forged with a wrong checksum, of the wrong shape or of an older format", () => {
    repo = tempRepo();
    const file = join(repo.root, "x.json");
    writeCacheFile(file, ["a"], cacheHealth());
    const good = readFileSync(file, "utf8");
    for (const bad of [
      good.slice(0, good.length - 5),
      good.replace('[\\"a\\"]', '[\\"b\\"]'),
      envelope(["forged"], "0".repeat(64)),
      envelope({ not: "a list" }),
      envelope([1, 2]),
      JSON.stringify(["a"]),
      "",
    ]) {
      writeFileSync(file, bad);
      expect(readCacheFile(file, isStringList), bad).toBeUndefined();
    }
    writeFileSync(file, envelope(["b"]));
    expect(readCacheFile(file, isStringList)).toEqual(["b"]);
  });

  it("turn into one warning, not an error, when the cache folder cannot be written; later writes are skipped", () => {
    repo = tempRepo({ ".cache": "a file where the cache folder should be" });
    const health = cacheHealth();
    writeCacheFile(join(repo.root, ".cache", "render", "ab", "x.json"), ["a"], health);
    expect(health.disabled).toBe(true);
    expect(health.warning()).toMatch(/^cannot write the cache \(ENOTDIR at .*\.cache\/render\/ab\/x\.json\); continuing without caching$/);
    writeCacheFile(join(repo.root, ".cache", "other.json"), ["b"], health);
    expect(health.warning()).toMatch(/x\.json/);
  });
});

describe("the three caches validate their entries before use", () => {
  const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } };

  it("schema verdict cache: a forged or corrupt entry is not taken as valid", () => {
    repo = tempRepo();
    const cache = diskVerdictCache(repo.root, "fp");
    cache.rememberValid(cm);
    cache.save();
    expect(diskVerdictCache(repo.root, "fp").isKnownValid(cm)).toBe(true);
    const file = join(repo.root, ".cache", "schema-valid-fp.json");
    const invalid = { ...cm, bogus: 1 };
    writeFileSync(file, JSON.stringify([objectDigest(invalid)]));
    expect(diskVerdictCache(repo.root, "fp").isKnownValid(invalid)).toBe(false);
    writeFileSync(file, envelope([objectDigest(invalid)], "f".repeat(64)));
    expect(diskVerdictCache(repo.root, "fp").isKnownValid(invalid)).toBe(false);
    writeFileSync(file, envelope(["not a digest"]));
    expect(diskVerdictCache(repo.root, "fp").isKnownValid(cm)).toBe(false);
  });

  it("render cache: entries of the wrong shape are misses", () => {
    repo = tempRepo();
    const key = "ab".repeat(32);
    const cache = diskCache(join(repo.root, "r"));
    cache.put(key, { entries: [{ object: cm, file: "a.yaml", line: 3 }] });
    expect(cache.get(key)).toEqual({ entries: [{ object: cm, file: "a.yaml", line: 3 }] });
    const file = join(repo.root, "r", "ab", `${key}.json`);
    for (const wrong of [
      { entries: "x" },
      { entries: [{ object: [1] }] },
      { entries: [{ object: cm, line: -1 }] },
      { entries: [{ object: cm, file: 5 }] },
      [],
    ]) {
      expect(isCachedRender(wrong)).toBe(false);
      writeFileSync(file, envelope(wrong));
      expect(cache.get(key)).toBeUndefined();
    }
    expect(cache.get("../../etc/passwd")).toBeUndefined();
  });

  it("syntax cache: a forged 'clean' hash does not let a broken file through", () => {
    repo = tempRepo({ "t/kustomization.yaml": "resources:\n  - a.yaml\n", "t/a.yaml": "a: [\n" });
    const target = { path: "t", kind: "overlay" as const, environment: "production" as const };
    const cold = createSyntaxChecker(repo.root, true).check([target]);
    expect(cold.broken.has("t")).toBe(true);
    const hash = checksumOf("a: [\n");
    repo.write(".cache/syntax-ok.json", JSON.stringify([hash]));
    expect(createSyntaxChecker(repo.root, true).check([target]).broken.has("t")).toBe(true);
    repo.write(".cache/syntax-ok.json", envelope([hash], "0".repeat(64)));
    expect(createSyntaxChecker(repo.root, true).check([target]).broken.has("t")).toBe(true);
  });
});
