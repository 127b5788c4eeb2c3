// `gaia graph` on the template repository: plain DOT for --format dot, Markdown code blocks otherwise.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.ts";
import { fakeIo } from "./fake-io.ts";

const root = resolve(import.meta.dirname, "../../..");

async function graph(format: string) {
  const io = fakeIo({ cwd: root, env: { PATH: process.env.PATH } });
  const code = await main(["graph", "--root", root, "--game", "wizards-quest", "--format", format], io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe("gaia graph", () => {
  it("prints plain DOT for --format dot", async () => {
    const r = await graph("dot");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph /);
    expect(r.stdout.trimEnd()).toMatch(/}$/);
    expect(r.stdout).not.toContain("```");
  });

  it("prints Markdown code blocks for both formats", async () => {
    const r = await graph("both");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^```mermaid\n/);
    expect(r.stdout).toContain("\n```\n```dot\ndigraph ");
  });

  it("rejects an unknown format with exit 2", async () => {
    const r = await graph("svg");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("gaia: --format must be mermaid, dot or both\n");
  });
});
