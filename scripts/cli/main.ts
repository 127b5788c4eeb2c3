// The gaia command: one file per command under scripts/cli/, wired here.
import { Command, CommanderError } from "commander";
import { UsageError } from "../lib/util/errors.ts";
import { toolkitVersion } from "../lib/util/version.ts";
import { processIo, type Io } from "./io.ts";
import { registerValidate } from "./validate.ts";
import { registerRules } from "./rules.ts";
import { registerDocs } from "./docs.ts";
import { registerGraph } from "./graph.ts";
import { registerCost } from "./cost.ts";
import { registerNewGame } from "./new-game.ts";
import { registerArgocd } from "./argocd.ts";

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command("gaia")
    .description("validate and operate the Gaia GitOps repository")
    .version(toolkitVersion(), "-V, --version", "print gaia's version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerValidate(program, io, setExit, argv);
  registerRules(program, io, setExit);
  registerDocs(program, io, setExit);
  registerGraph(program, io, setExit);
  registerCost(program, io, setExit);
  registerNewGame(program, io, setExit);
  registerArgocd(program, io, setExit);
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError || err instanceof Error) {
      io.err(`gaia: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
