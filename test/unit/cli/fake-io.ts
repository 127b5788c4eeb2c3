// An Io that records what a command prints, for calling `main(argv, io)` in-process.
import type { Io } from "../../../scripts/cli/io.ts";

export interface FakeIo extends Io {
  stdout(): string;
  stderr(): string;
}

export function fakeIo(opts: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {}): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    isTTY: false,
    env: opts.env ?? { PATH: process.env.PATH },
    cwd: opts.cwd ?? process.cwd(),
    readStdin: async () => opts.stdin ?? "",
    stdout: () => out.join(""),
    stderr: () => err.join(""),
  };
}
