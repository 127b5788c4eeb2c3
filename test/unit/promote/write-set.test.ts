import * as fs from "node:fs";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeAllAtomically, type WriteFs } from "../../../scripts/lib/promote/write-set.ts";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function setup() {
  root = mkdtempSync(join(tmpdir(), "gaia-write-"));
  fs.mkdirSync(join(root, "overlays"));
  writeFileSync(join(root, "overlays", "k.yaml"), "old\n");
  return join(root, "overlays", "k.yaml");
}

/** A filesystem that fails at the n-th call of `op`, as a crash or a full disk would. */
function failingAt(op: keyof WriteFs): WriteFs {
  return {
    ...fs,
    [op]: () => {
      throw Object.assign(new Error(`${op} failed`), { code: "ENOSPC" });
    },
  };
}

describe("writeAllAtomically", () => {
  it("replaces the file with the complete new text and leaves no temporary file", () => {
    const file = setup();
    writeAllAtomically(root, [{ file, text: "new\n" }]);
    expect(readFileSync(file, "utf8")).toBe("new\n");
    expect(readdirSync(join(root, "overlays"))).toEqual(["k.yaml"]);
    expect(readdirSync(join(root, ".cache", "tmp"))).toEqual([]);
  });

  it.each(["openSync", "writeSync", "fsyncSync", "renameSync"] as const)("leaves the file as it was when %s fails", (op) => {
    const file = setup();
    expect(() => writeAllAtomically(root, [{ file, text: "new\n" }], failingAt(op))).toThrow(`${op} failed`);
    expect(readFileSync(file, "utf8")).toBe("old\n");
    expect(readdirSync(join(root, "overlays"))).toEqual(["k.yaml"]);
    expect(readdirSync(join(root, ".cache", "tmp"))).toEqual([]);
  });
});
