// The test set `npm run mutate` runs per mutant: the whole suite except tests that take minutes on every run and
// check no logic a faster test does not (the 150,000-finding reports check that nothing overflows the stack).
import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.ts";

export default mergeConfig(
  base,
  defineConfig({
    test: { exclude: [...configDefaults.exclude, "test/unit/report/many-findings.test.ts"] },
  }),
);
