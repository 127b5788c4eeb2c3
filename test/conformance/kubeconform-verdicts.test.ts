// Schema verdicts of the built-in engine against the real kubeconform (-strict) on the same schemas, over a corpus of
// documents in kubeconform-corpus/manifests: valid and invalid objects, null in optional and required fields,
// `format: duration` values, List kinds, a CRD schema (kubeconform-corpus/schemas) and multi-document files. Each
// file's name states its verdict (`valid.*`: every object valid; `invalid.*`: at least one invalid), and every object's
// verdict must be kubeconform's.
//
// kubeconform is the copy in ../shared/tools (see its README). Where it is absent the file-name verdicts are still
// checked; in CI (`CI` set) its absence fails the test.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { $ } from "zx";
import { parseSource, sourceObjects } from "../../scripts/lib/parse/source.ts";
import { SchemaValidator } from "../../scripts/lib/schema/validator.ts";
import { KUBERNETES_SCHEMA_DIR } from "../../scripts/lib/schema/kubernetes-schemas.ts";
import { KUBECONFORM_CRD_SCHEMA_LOCATION } from "../../scripts/lib/schema/crd-schemas.ts";

const root = path.resolve(import.meta.dirname, "../..");
const corpusRoot = path.join(import.meta.dirname, "kubeconform-corpus");
const manifests = path.join(corpusRoot, "manifests");
const KUBECONFORM = path.resolve(root, "../shared/tools/kubeconform");

type Verdict = "valid" | "invalid" | "error";
const files = readdirSync(manifests)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

/** `file|kind|name|verdict` for every object of every corpus file, by the built-in engine. */
function builtinVerdicts(): string[] {
  const validator = new SchemaValidator({ root: corpusRoot });
  const out: string[] = [];
  for (const file of files) {
    const parsed = parseSource(file, readFileSync(path.join(manifests, file)));
    expect(parsed.findings, file).toEqual([]);
    const { objects, findings } = sourceObjects(parsed);
    expect(findings, file).toEqual([]);
    for (const { object } of objects) {
      const v = validator.validate(object);
      const verdict: Verdict = v.status === "valid" ? "valid" : v.status === "invalid" ? "invalid" : "error";
      out.push(`${file}|${object.kind}|${object.metadata?.name ?? ""}|${verdict}`);
    }
  }
  return out.sort();
}

async function kubeconformVerdicts(): Promise<string[]> {
  const res = await $({ nothrow: true, quiet: true })`${KUBECONFORM} -strict -summary=false -verbose -output json -schema-location ${path.join(
    root,
    KUBERNETES_SCHEMA_DIR,
    "{{ .ResourceKind }}{{ .KindSuffix }}.json",
  )} -schema-location ${path.join(corpusRoot, KUBECONFORM_CRD_SCHEMA_LOCATION)} ${manifests}`;
  expect(res.stderr).toBe("");
  const status: Record<string, Verdict> = { statusValid: "valid", statusInvalid: "invalid", statusError: "error" };
  const { resources } = JSON.parse(res.stdout) as { resources: Array<{ filename: string; kind: string; name: string; status: string }> };
  return (
    resources
      // An empty file or an empty List is one result without kind or status: there is no object to give a verdict on.
      .filter((r) => r.status !== "statusEmpty" && r.status !== "")
      .map((r) => `${path.basename(r.filename)}|${r.kind}|${r.name}|${status[r.status] ?? r.status}`)
      .sort()
  );
}

describe("schema verdicts", () => {
  it("the corpus covers every class: null, duration, List, CRD, multi-document, valid and invalid", () => {
    for (const topic of ["null", "duration", "list", "crd", "multi-document"]) {
      expect(
        files.some((f) => f.startsWith("valid.") && f.includes(topic)),
        `valid ${topic}`,
      ).toBe(true);
      expect(
        files.some((f) => f.startsWith("invalid.") && f.includes(topic)),
        `invalid ${topic}`,
      ).toBe(true);
    }
  });

  it("give each corpus file the verdict its name states", () => {
    const verdicts = builtinVerdicts();
    for (const file of files) {
      const mine = verdicts.filter((v) => v.startsWith(`${file}|`)).map((v) => v.split("|")[3]);
      expect(mine.includes("error"), `${file}: ${mine.join(", ")}`).toBe(false);
      expect(mine.includes("invalid") ? "invalid" : "valid", `${file}: ${mine.join(", ")}`).toBe(file.split(".")[0]);
    }
  });

  it("are kubeconform -strict's, object by object, on the same schemas", async () => {
    if (!existsSync(KUBECONFORM)) {
      if (process.env.CI) throw new Error(`kubeconform is missing at ${KUBECONFORM}; CI must compare schema verdicts with it`);
      console.warn(`kubeconform not found at ${KUBECONFORM}: verdicts not compared (this fails when CI is set)`);
      return;
    }
    expect(builtinVerdicts()).toEqual(await kubeconformVerdicts());
  });
});
