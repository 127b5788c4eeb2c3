// Reads vitest's JSON report and prints "<passed> <failed> <skipped>" for .ci/run, after one line per problem:
// a skipped test anywhere, or a conformance suite that did not run its comparisons, counts as failed.
import { readFileSync } from "node:fs";

const REFERENCE_SUITE = "Kubernetes schemas agree with the reference OpenAPI definitions";
const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
const assertions = report.testResults.flatMap((file) => file.assertionResults.map((a) => ({ ...a, file: file.name })));
const skipped = assertions.filter((a) => !["passed", "failed"].includes(a.status));
const conformance = assertions.filter((a) => a.file.includes("/test/conformance/"));
const problems = [];

for (const a of skipped) problems.push(`skipped: ${a.fullName} (${a.status})`);
if (!conformance.some((a) => a.status === "passed")) problems.push("the conformance suite did not run");
if (!conformance.some((a) => a.status === "passed" && a.ancestorTitles.includes(REFERENCE_SUITE)))
  problems.push(`the conformance comparison "${REFERENCE_SUITE}" did not run`);

for (const p of problems) console.error(`ci: ${p}`);
const failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0) + (problems.length > 0 ? 1 : 0);
console.log(report.numPassedTests, failed, skipped.length);
