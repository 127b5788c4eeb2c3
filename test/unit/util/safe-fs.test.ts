import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { inspectPath, PathInspector, readInsideRepo } from "../../../scripts/lib/util/safe-fs.ts";

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

  it("PathInspector answers as inspectPath does, through symlinked folders, links leading out, FIFOs and dangling links", () => {
    const root = temp();
    const outsideDir = temp();
    writeFileSync(join(outsideDir, "secret.yaml"), "secret\n");
    mkdirSync(join(root, "a", "b"), { recursive: true });
    writeFileSync(join(root, "a", "b", "k.yaml"), "k: 1\n");
    symlinkSync(join(root, "a"), join(root, "alias"));
    symlinkSync(outsideDir, join(root, "out"));
    symlinkSync(join(root, "nope"), join(root, "dangling"));
    execFileSync("mkfifo", [join(root, "a", "pipe.yaml")]);
    const paths = [
      root,
      join(root, "a"),
      join(root, "a", "b", "k.yaml"),
      join(root, "a", "pipe.yaml"),
      join(root, "a", "missing", "x.yaml"),
      join(root, "alias", "b", "k.yaml"),
      join(root, "out", "secret.yaml"),
      join(root, "out"),
      join(root, "dangling", "x.yaml"),
      join(root, "dangling"),
      join(outsideDir, "secret.yaml"),
      "/dev/zero",
    ];
    const inspector = new PathInspector(root);
    for (const p of [...paths, ...paths.reverse()]) expect(inspector.status(p), p).toBe(inspectPath(root, p));
    expect(inspector.read(join(root, "alias", "b", "k.yaml"))?.toString()).toBe("k: 1\n");
    expect(inspector.read(join(root, "out", "secret.yaml"))).toBeUndefined();
  });
});
