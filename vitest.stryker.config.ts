// The test set `npm run mutate` runs per mutant: the whole suite except tests that take many seconds on every run and
// check generated artifacts or volume rather than the logic of the mutated modules: every committed schema compiled
// and regenerated, the whole Kubernetes conformance corpus, and the 150,000-finding reports (no stack overflow).
import { configDefaults, defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.ts";

export default mergeConfig(
  base,
  defineConfig({
    test: {
      // Mutation runs share the machine with their own instrumentation: a cold kustomize render may take minutes.
      testTimeout: 300_000,
      exclude: [
        ...configDefaults.exclude,
        "test/unit/report/many-findings.test.ts",
        "test/unit/crd-schemas/committed-schemas.test.ts",
        "test/unit/schema-gen/generated-schemas.test.ts",
        "test/conformance/kubernetes-schemas.test.ts",
      ],
    },
  }),
);
