// Validators compiled once per schema and kept as ajv standalone modules under .tools/, keyed by the schema's content,
// ajv's version and its options: a later run (cold cache or not) loads the module instead of compiling the schema, which
// was most of the schema stage's fixed cost at small sizes. A module starts with the checksum of its code and is loaded
// only when that still holds, so a truncated or edited module (say, one that accepts everything) is never trusted.
// Anything that fails here falls back to compiling.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Ajv, ValidateFunction } from "ajv";
import { TOOLKIT_ROOT } from "../util/paths.ts";

const requireFromToolkit = createRequire(join(TOOLKIT_ROOT, "package.json"));

/** The module holding the formats, required by the schema stage and by every precompiled validator alike. */
export const FORMATS_MODULE = join(TOOLKIT_ROOT, "scripts", "lib", "schema", "kubernetes-formats.cjs");

export function kubernetesFormats(): Record<string, (value: string) => boolean> {
  return (requireFromToolkit(FORMATS_MODULE) as { formats: Record<string, (value: string) => boolean> }).formats;
}

export interface CompiledValidators {
  /** The validator of `schema`, loaded from its module, else made by `compile` (and stored for the next run). */
  get(schema: object, texts: string[], compile: () => ValidateFunction): ValidateFunction;
}

/** `texts` are the schema files the validator depends on: their content names the module. */
export function compiledValidators(ajv: Ajv, salt: string, dir = join(TOOLKIT_ROOT, ".tools", "ajv-standalone")): CompiledValidators {
  const version = (requireFromToolkit("ajv/package.json") as { version: string }).version;
  let standalone: ((ajv: Ajv, fn: ValidateFunction) => string) | undefined;
  return {
    get(schema, texts, compile) {
      const h = createHash("sha256").update(`${version}\0${salt}\0${FORMATS_MODULE}\0${JSON.stringify(schema)}`);
      for (const t of texts) h.update(`\0${t}`);
      const file = join(dir, `${h.digest("hex").slice(0, 32)}.cjs`);
      if (existsSync(file)) {
        try {
          if (holdsItsChecksum(readFileSync(file, "utf8"))) return requireFromToolkit(file) as ValidateFunction;
        } catch {
          // A damaged module: compile again below.
        }
      }
      const fn = compile();
      try {
        standalone ??= (requireFromToolkit("ajv/dist/standalone") as { default: (ajv: Ajv, fn: ValidateFunction) => string }).default;
        mkdirSync(dir, { recursive: true });
        const partial = `${file}.partial-${process.pid}`;
        writeFileSync(partial, withChecksum(standalone(ajv, fn)));
        renameSync(partial, file);
      } catch {
        // A read-only install compiles on every run.
      }
      return fn;
    },
  };
}

const CHECKSUM_LINE = /^\/\/ sha256:([0-9a-f]{64})\n/;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function withChecksum(code: string): string {
  return `// sha256:${sha256(code)}\n${code}`;
}

/** True when the module's first line is the checksum of the code after it. */
export function holdsItsChecksum(text: string): boolean {
  const m = CHECKSUM_LINE.exec(text);
  return !!m && sha256(text.slice(m[0].length)) === m[1];
}
