import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["test/setup/tool-stdin.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".cache/test-results.json" },
  },
});
