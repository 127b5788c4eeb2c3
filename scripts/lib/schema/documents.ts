// Repo documents with their own JSON schemas (game.yaml, cluster.yaml, policies/*): validated with ajv at their lines.
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Finding } from "../types.ts";
import type { SchemaDocument } from "../discover/discover.ts";
import { schemaPath } from "../util/paths.ts";
import { readRepoFile } from "../repo/load.ts";
import type { SourceLocator } from "../parse/locate.ts";
import { closestName, humanPath } from "./errors.ts";

function docFinding(file: string, line: number, ruleId: string, message: string, fix: string, path = ""): Finding {
  return { ruleId, category: "config", severity: "error", message, fix, target: "", path, source: { file, line } };
}

export class DocumentSchemas {
  private readonly compiled = new Map<string, ValidateFunction | undefined>();
  constructor(private readonly root: string) {}

  compile(schemaFile: string): ValidateFunction | undefined {
    if (this.compiled.has(schemaFile)) return this.compiled.get(schemaFile);
    const abs = schemaPath(this.root, schemaFile);
    let fn: ValidateFunction | undefined;
    if (abs) {
      const schema = JSON.parse(readFileSync(abs, "utf8"));
      const ajv = String(schema.$schema ?? "").includes("2020-12")
        ? new Ajv2020({ strict: false, allErrors: true, verbose: true })
        : new Ajv({ strict: false, allErrors: true, verbose: true });
      (addFormats as unknown as (a: unknown) => void)(ajv);
      fn = ajv.compile(schema);
    }
    this.compiled.set(schemaFile, fn);
    return fn;
  }

  validate(doc: SchemaDocument, locator: SourceLocator): Finding[] {
    const parsed = readRepoFile(this.root, doc.file);
    if (!parsed) return [];
    if (parsed.fatal) return parsed.findings;
    const fn = this.compile(doc.schema);
    if (!fn)
      return [
        docFinding(doc.file, 1, "schema-missing", `no JSON schema ${doc.schema} for ${doc.file}`, `Add ${doc.schema}, or move the file out of its folder.`),
      ];
    const out: Finding[] = [];
    for (const d of parsed.documents) {
      if (fn(d.value)) continue;
      for (const e of fn.errors ?? []) {
        let pointer = e.instancePath;
        let message = `${humanPath(pointer, d.value)} ${e.message ?? "is invalid"}`;
        let fix = `Fix ${humanPath(pointer, d.value)} to match ${doc.schema}.`;
        if (e.keyword === "additionalProperties") {
          const field = String((e.params as any).additionalProperty);
          pointer = `${pointer}/${field}`;
          const guess = closestName(field, Object.keys((e.parentSchema as any)?.properties ?? {}));
          message = `unknown field "${field}" in ${humanPath(e.instancePath, d.value)}${guess ? ` (did you mean "${guess}"?)` : ""}`;
          fix = guess ? `Rename "${field}" to "${guess}".` : `Remove "${field}".`;
        } else if (e.keyword === "enum") {
          message = `${humanPath(pointer, d.value)} must be one of ${((e.params as any).allowedValues ?? []).join(", ")}`;
        }
        const line = locator.lineIn(doc.file, pointer, (x) => x.index === d.index)?.line ?? d.line;
        out.push(docFinding(doc.file, line, "document-schema", message, fix, pointer));
      }
    }
    return out;
  }
}
