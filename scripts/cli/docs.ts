// gaia docs [--check]: regenerates docs/rules.md from the catalog; --check fails when the committed file is stale.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { allRules } from "../lib/policy/rules/index.ts";
import { findRepoRoot } from "../lib/util/paths.ts";
import { writeFileAtomic, type Io } from "./io.ts";

export function registerDocs(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("docs")
    .description("generate docs/rules.md from the rule catalog")
    .option("--check", "exit 1 when docs/rules.md is not up to date")
    .action(async (flags: { check?: boolean }) => {
      const { rulesMarkdown } = await import("../lib/policy/docs.ts");
      const file = join(findRepoRoot(io.cwd), "docs", "rules.md");
      const text = rulesMarkdown(allRules());
      const current = existsSync(file) ? readFileSync(file, "utf8") : "";
      if (flags.check) {
        if (current !== text) io.err("docs/rules.md is stale: run `make docs` and commit it\n");
        setExit(current === text ? 0 : 1);
        return;
      }
      if (current !== text) writeFileAtomic(file, text);
      io.out(`docs/rules.md: ${allRules().length} rules\n`);
      setExit(0);
    });
}
