import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { diskCache, noCache } from "../../../scripts/lib/render/cache.ts";
import { tempRepo, type TempRepo } from "../util/temp-repo.ts";

let repo: TempRepo;
afterEach(() => repo?.dispose());

const KEY = "ab12cd34".repeat(8);
const VALUE = { entries: [{ object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "gaia-demo" } }, file: "base/a.yaml" }] };

describe("diskCache", () => {
  it("returns what was put, from a file under a two-character shard, leaving no partial file", () => {
    repo = tempRepo();
    const dir = join(repo.root, ".cache", "render");
    const cache = diskCache(dir);
    expect(cache.get(KEY)).toBeUndefined();
    cache.put(KEY, VALUE);
    expect(cache.get(KEY)).toEqual(VALUE);
    expect(readdirSync(join(dir, "ab"))).toEqual([`${KEY}.json`]);
    expect(diskCache(dir).get(KEY)).toEqual(VALUE);
  });

  it("overwrites an entry atomically", () => {
    repo = tempRepo();
    const cache = diskCache(repo.root);
    cache.put(KEY, VALUE);
    cache.put(KEY, { entries: [] });
    expect(cache.get(KEY)).toEqual({ entries: [] });
    expect(readdirSync(join(repo.root, "ab")).filter((f) => f.includes("partial"))).toEqual([]);
  });

  it("treats a corrupt or truncated entry as a miss instead of failing", () => {
    repo = tempRepo();
    const cache = diskCache(repo.root);
    cache.put(KEY, VALUE);
    const file = join(repo.root, "ab", `${KEY}.json`);
    writeFileSync(file, JSON.stringify(VALUE).slice(0, 25));
    expect(cache.get(KEY)).toBeUndefined();
    writeFileSync(file, Buffer.from([0xff, 0x00, 0x7b]));
    expect(cache.get(KEY)).toBeUndefined();
    cache.put(KEY, VALUE);
    expect(cache.get(KEY)).toEqual(VALUE);
  });
});

describe("noCache", () => {
  it("never stores anything", () => {
    repo = tempRepo();
    const cache = noCache();
    cache.put(KEY, VALUE);
    expect(cache.get(KEY)).toBeUndefined();
    expect(existsSync(join(repo.root, "ab"))).toBe(false);
  });
});
