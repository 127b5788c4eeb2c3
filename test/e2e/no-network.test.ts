// The template validates inside a network namespace (no interface but loopback, so any fetch fails) and gets the same
// report as with the network: nothing gaia does at PR time needs the network. Needs root for `unshare -n`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { $ } from "zx";
import { PROJECT_ROOT } from "./repo.ts";

const SLOW = 600_000;
let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

/** The report without timings, which differ from run to run. */
function comparable(stdout: string): unknown {
  const report = JSON.parse(stdout);
  delete report.summary.ms;
  for (const t of report.targets) delete t.ms;
  return report;
}

describe("no network, ever", () => {
  it("a full gaia validate of the template inside `unshare -n` gives the same report as outside it", { timeout: SLOW }, async () => {
    expect(process.getuid?.(), "unshare -n needs root").toBe(0);
    const gaiaBin = join(PROJECT_ROOT, "bin", "gaia.js");
    const args = ["validate", "--root", PROJECT_ROOT, "--format", "json", "--no-progress"];
    const env = { ...process.env, NO_COLOR: "1" };
    scratch = mkdtempSync(join(tmpdir(), "gaia-netns-"));
    const probe = await $({
      nothrow: true,
      quiet: true,
    })`unshare -n node -e ${"require('node:http').get('http://1.1.1.1',()=>process.exit(0)).on('error',e=>{console.log(e.code);process.exit(3)})"}`;
    expect(probe.exitCode, "inside the namespace an HTTP request must fail").toBe(3);
    const offline = await $({ nothrow: true, quiet: true, cwd: scratch, env })`unshare -n node ${gaiaBin} ${args} --no-cache`;
    const online = await $({ nothrow: true, quiet: true, cwd: scratch, env })`node ${gaiaBin} ${args}`;
    expect(offline.stderr).toBe("");
    expect(offline.exitCode).toBe(online.exitCode);
    expect(comparable(offline.stdout)).toEqual(comparable(online.stdout));
    expect((comparable(offline.stdout) as any).summary.targets).toBeGreaterThan(10);
  });
});
