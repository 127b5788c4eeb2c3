// gaia --version prints the toolkit's package.json version and exits 0.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../../scripts/cli/main.ts";
import { fakeIo } from "./fake-io.ts";

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../../package.json"), "utf8")) as { version: string };

describe("gaia --version", () => {
  it.each([["--version"], ["-V"]])("%s prints the version and exits 0", async (flag) => {
    const io = fakeIo();
    expect(await main([flag], io)).toBe(0);
    expect(io.stdout()).toBe(`${pkg.version}\n`);
    expect(io.stderr()).toBe("");
  });
});
