// The gaia command: one file per command under scripts/cli/, wired here.
import { Command, CommanderError } from "commander";
import { ToolError, UsageError } from "../lib/util/errors.ts";
import { toolkitVersion } from "../lib/util/version.ts";
import { isTruthy } from "./debug.ts";
import { processIo, type Io } from "./io.ts";
import { registerValidate } from "./validate.ts";
import { registerRules } from "./rules.ts";
import { registerDocs } from "./docs.ts";
import { registerGraph } from "./graph.ts";
import { registerCost } from "./cost.ts";
import { registerNewGame } from "./new-game.ts";
import { registerArgocd } from "./argocd.ts";
import { registerDiff } from "./diff.ts";
import { registerPromote } from "./promote.ts";
import { registerReport } from "./report.ts";

/** The gaia program with every command registered (also read by the workflow check). */
export function buildProgram(io: Io, setExit: (code: number) => void, argv: string[] = []): Command {
  const program = new Command("gaia")
    .description("validate and operate the Gaia GitOps repository")
    .version(toolkitVersion(), "-V, --version", "print gaia's version")
    .option("--debug", "print the stack of an internal error (also GAIA_DEBUG=1)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerValidate(program, io, setExit, argv);
  registerRules(program, io, setExit);
  registerDocs(program, io, setExit);
  registerGraph(program, io, setExit);
  registerCost(program, io, setExit);
  registerNewGame(program, io, setExit);
  registerArgocd(program, io, setExit);
  registerDiff(program, io, setExit);
  registerPromote(program, io, setExit);
  registerReport(program, io, setExit, argv);
  return program;
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = buildProgram(io, setExit, argv);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    io.err(describeFailure(err, argv.includes("--debug") || isTruthy(io.env.GAIA_DEBUG)));
    return 2;
  }
}

/** Usage and tool failures are the user's to fix: one line. Anything else is a bug in gaia: said so, with its stack on request. */
export function describeFailure(err: unknown, debug: boolean): string {
  if (err instanceof UsageError || err instanceof ToolError) return `gaia: ${err.message}\n`;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  if (debug) return `gaia: internal error: ${err instanceof Error && err.stack ? err.stack : message}\n`;
  return `gaia: internal error: ${message} (a bug in gaia; run again with --debug or GAIA_DEBUG=1 for the stack)\n`;
}
