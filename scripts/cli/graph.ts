// gaia graph --game <g> [--env production] [--format mermaid|dot|both]: the game's allowed-flow graph, undeclared flows highlighted.
import type { Command } from "commander";
import { ENVIRONMENTS } from "../lib/types.ts";
import { discoverTargets } from "../lib/discover/discover.ts";
import { renderForCommand } from "../lib/render/render-targets-for.ts";
import { flowGraph, renderGraph } from "../lib/network/index.ts";
import { loadPolicyConfig } from "../lib/repo/load.ts";
import { findRepoRoot } from "../lib/util/paths.ts";
import { UsageError } from "../lib/util/errors.ts";
import type { Io } from "./io.ts";

export function registerGraph(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command("graph")
    .description("print a game's allowed network flows (from its NetworkPolicies) as Mermaid and/or DOT")
    .requiredOption("--game <game>", "game folder name under games/")
    .option("--env <environment>", "environment", "production")
    .option("--format <format>", "mermaid|dot|both", "both")
    .option("--root <dir>", "repository root")
    .action(async (flags: { game: string; env: string; format: string; root?: string }) => {
      if (!(ENVIRONMENTS as readonly string[]).includes(flags.env)) throw new UsageError(`--env must be one of ${ENVIRONMENTS.join(", ")}`);
      if (!["mermaid", "dot", "both"].includes(flags.format)) throw new UsageError("--format must be mermaid, dot or both");
      const root = flags.root ?? findRepoRoot(io.cwd);
      const target = discoverTargets(root).find((t) => t.game === flags.game && t.environment === flags.env);
      if (!target) throw new UsageError(`no target games/${flags.game}/${flags.env}`);
      const [rendered] = await renderForCommand(root, [target], io.env);
      const graph = flowGraph(
        rendered.objects.map((o) => o.object),
        `gaia-${flags.game}`,
        loadPolicyConfig(root, []).parameters,
      );
      const formats = flags.format === "both" ? (["mermaid", "dot"] as const) : ([flags.format] as Array<"mermaid" | "dot">);
      // One DOT graph prints as plain DOT (ready for `dot -Tsvg`); Mermaid, and both together, print as Markdown code blocks.
      if (flags.format === "dot") io.out(`${renderGraph(graph, "dot").trimEnd()}\n`);
      else for (const f of formats) io.out(`\`\`\`${f}\n${renderGraph(graph, f).trimEnd()}\n\`\`\`\n`);
      const undeclared = graph.edges.filter((e) => !e.declared).length;
      if (undeclared || graph.declaredButBlocked.length)
        io.err(`${undeclared} undeclared flow(s), ${graph.declaredButBlocked.length} declared flow(s) blocked\n`);
      setExit(0);
    });
}
