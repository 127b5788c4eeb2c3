import { describe, expect, it } from "vitest";
import { runSchemaGenerators } from "../../../scripts/schema-gen/run-generators.ts";

function sink(): { text: string; write(text: string): void } {
  return {
    text: "",
    write(text) {
      this.text += text;
    },
  };
}

describe("runSchemaGenerators", () => {
  it("runs every generator in order and reports the files written", async () => {
    const calls: string[] = [];
    const out = sink();
    const code = await runSchemaGenerators(
      "/repo",
      [
        { name: "first", generate: async (root) => (calls.push(`first:${root}`), ["a", "b"]) },
        { name: "second", generate: async (root) => (calls.push(`second:${root}`), ["c"]) },
      ],
      out,
      sink(),
    );
    expect(code).toBe(0);
    expect(calls).toEqual(["first:/repo", "second:/repo"]);
    expect(out.text).toBe("first: 2 files\nsecond: 1 files\n");
  });

  it("stops at the first failure with exit code 2 and its message", async () => {
    const err = sink();
    let laterRan = false;
    const code = await runSchemaGenerators(
      "/repo",
      [
        { name: "broken", generate: async () => Promise.reject(new Error("package missing")) },
        { name: "later", generate: async () => ((laterRan = true), []) },
      ],
      sink(),
      err,
    );
    expect(code).toBe(2);
    expect(err.text).toBe("broken: package missing\n");
    expect(laterRan).toBe(false);
  });
});
