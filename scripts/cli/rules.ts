// gaia rules / gaia explain <rule-id>: the catalog, from the rules' own metadata.
import type { Command } from "commander";
import { allRules } from "../lib/policy/rules/index.ts";
import { catalogJson, catalogTable, explainRule } from "../lib/policy/catalog.ts";
import { UsageError } from "../lib/util/errors.ts";
import { TOOLKIT_ROOT } from "../lib/util/paths.ts";
import type { Io } from "./io.ts";

export function registerRules(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("rules")
    .description("list the policy rules")
    .option("--format <format>", "table|json", "table")
    .action((flags: { format: string }) => {
      if (flags.format === "json") io.out(catalogJson(allRules()));
      else if (flags.format === "table") io.out(catalogTable(allRules()));
      else throw new UsageError(`--format must be table or json, not "${flags.format}"`);
      setExit(0);
    });
  program
    .command("explain")
    .description("print a rule's rationale, fix and example")
    .argument("<rule-id>")
    .action((id: string) => {
      // Rule folders (and their example fixtures) ship with the toolkit, wherever gaia is run from.
      const text = explainRule(allRules(), id, TOOLKIT_ROOT);
      if (!text) throw new UsageError(`no rule "${id}"; \`gaia rules\` lists them`);
      io.out(text);
      setExit(0);
    });
}
