// Tools started through zx() never see the caller's stdin: a socket there makes bash source ~/.bashrc before the tool.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const processModule = resolve(import.meta.dirname, "../../../scripts/lib/util/process.ts");

describe("zx() for external tools", () => {
  it("gives the tool /dev/null as stdin even when the caller's stdin is a pipe", () => {
    const script = `
      const { zx } = await import(${JSON.stringify(processModule)});
      const out = await (await zx())({ nothrow: true, quiet: true })\`readlink /proc/self/fd/0\`;
      process.stdout.write(out.stdout);
    `;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      input: "data nobody should read\n",
      stdio: ["pipe", "pipe", "pipe"],
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("/dev/null");
  });
});
