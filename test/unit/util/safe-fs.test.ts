import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { inspectPath, readInsideRepo } from "../../../scripts/lib/util/safe-fs.ts";

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "gaia-safe-fs-"));
  dirs.push(d);
  return d;
};

describe("inspectPath / readInsideRepo", () => {
  it("reads regular files and sees folders inside the repository", () => {
    const root = temp();
    writeFileSync(join(root, "a.yaml"), "x: 1\n");
    mkdirSync(join(root, "sub"));
    symlinkSync(join(root, "a.yaml"), join(root, "sub", "link.yaml"));
    expect(inspectPath(root, join(root, "a.yaml"))).toBe("file");
    expect(inspectPath(root, join(root, "sub"))).toBe("dir");
    expect(inspectPath(root, join(root, "sub", "link.yaml"))).toBe("file");
    expect(readInsideRepo(root, join(root, "a.yaml"))?.toString()).toBe("x: 1\n");
  });

  it("refuses paths and symlinks leading out, FIFOs and devices, and reports missing and dangling paths", () => {
    const root = temp();
    const outside = join(temp(), "secret.yaml");
    writeFileSync(outside, "secret\n");
    symlinkSync(outside, join(root, "leak.yaml"));
    symlinkSync(join(root, "gone.yaml"), join(root, "dangling.yaml"));
    execFileSync("mkfifo", [join(root, "pipe.yaml")]);
    expect(inspectPath(root, outside)).toBe("outside");
    expect(inspectPath(root, join(root, "leak.yaml"))).toBe("outside");
    expect(inspectPath(root, join(root, "pipe.yaml"))).toBe("special");
    expect(inspectPath(root, "/dev/zero")).toBe("outside");
    expect(inspectPath(root, join(root, "missing.yaml"))).toBe("missing");
    expect(inspectPath(root, join(root, "dangling.yaml"))).toBe("missing");
    expect(readInsideRepo(root, join(root, "leak.yaml"))).toBeUndefined();
    expect(readInsideRepo(root, join(root, "pipe.yaml"))).toBeUndefined();
  });

  it("classifies a device symlinked from inside the repository as special, without opening it", () => {
    const root = temp();
    symlinkSync("/dev/zero", join(root, "zero.yaml"));
    // The link target is outside the repository, which is checked first.
    expect(inspectPath(root, join(root, "zero.yaml"))).toBe("outside");
    expect(inspectPath("/", "/dev/zero")).toBe("special");
  });
});
