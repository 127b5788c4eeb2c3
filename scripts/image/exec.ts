// Process adapter for the image build: commands run through zx, failures become ToolError.
import { $ } from "zx";

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/** Runs one command without a shell; tests replace it with a fake. */
export type Runner = (cmd: string, args: readonly string[], options?: RunOptions) => Promise<CommandResult>;

export class ToolError extends Error {
  override name = "ToolError";
  constructor(
    readonly cmd: string,
    readonly cwd: string,
    readonly exitCode: number,
    readonly stderrTail: string,
  ) {
    super(`${cmd} failed with exit code ${exitCode}${stderrTail ? `:\n${stderrTail}` : ""}`);
  }
}

export const zxRunner: Runner = async (cmd, args, options = {}) => {
  const out = await $({ nothrow: true, quiet: true, cwd: options.cwd, env: { ...process.env, ...options.env } })`${cmd} ${args}`;
  return { stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode ?? 1 };
};

function tail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Runs a command and returns its stdout; throws ToolError when it exits non-zero. */
export async function runChecked(runner: Runner, cmd: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await runner(cmd, args, options);
  if (result.exitCode !== 0) {
    throw new ToolError([cmd, ...args].join(" "), options.cwd ?? process.cwd(), result.exitCode, tail(result.stderr || result.stdout));
  }
  return result.stdout;
}

/** True when `cmd` can be started (found on PATH). */
export async function hasCommand(runner: Runner, cmd: string): Promise<boolean> {
  const result = await runner("sh", ["-c", `command -v "$0"`, cmd]);
  return result.exitCode === 0;
}

export const IMAGE_TOOL_PACKAGES = "buildah skopeo umoci runc";

/** Throws a message naming the Debian packages to install when any of `tools` is missing. */
export async function requireCommands(runner: Runner, tools: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const tool of tools) if (!(await hasCommand(runner, tool))) missing.push(tool);
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(", ")}: install them as root with \`apt-get update && apt-get install -y ${IMAGE_TOOL_PACKAGES}\``);
  }
}
