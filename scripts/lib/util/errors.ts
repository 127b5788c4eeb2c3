/** A failure of an external tool, carrying what a user needs to act on it. */
export class ToolError extends Error {
  constructor(
    readonly cmd: string,
    readonly cwd: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
  ) {
    super(`${cmd} failed (exit ${exitCode ?? "signal"}) in ${cwd}: ${stderrTail}`);
    this.name = "ToolError";
  }
}

/** A problem the user must fix before anything can run (exit code 2). */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UsageError";
  }
}

export function tail(text: string, maxLines = 12): string {
  const lines = text.trimEnd().split("\n");
  return lines.slice(-maxLines).join("\n");
}
