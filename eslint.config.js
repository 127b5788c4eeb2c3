// ESLint: typescript-eslint with type information over the toolkit, the gate engine and the tests; Prettier owns layout.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".tools/", ".cache/", "dist/", "coverage/", "reports/", ".stryker-tmp/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Parsed YAML is untyped by nature; values are narrowed where they are used rather than cast at every step.
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // Tests match ANSI escapes and fake async interfaces on purpose.
      "no-control-regex": "off",
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: ["scripts/lib/report/**/*.ts"],
    rules: {
      // Reporters match control characters on purpose: to escape them before they reach a terminal, XML or an annotation.
      "no-control-regex": "off",
    },
  },
  { files: ["**/*.js", "**/*.mjs", "**/*.cjs", "vitest.config.ts", "vitest.stryker.config.ts"], ...tseslint.configs.disableTypeChecked },
  {
    // CommonJS on purpose: modules that ajv's precompiled validators require at run time.
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  { files: ["**/*.js", "**/*.mjs"], languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly" } } },
  prettier,
);
