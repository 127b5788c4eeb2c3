// Fixture repositories for end-to-end runs: a copy of fixtures/valid in a temp folder, changed per case.
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { $ } from "zx";

export const PROJECT_ROOT = join(import.meta.dirname, "..", "..");
const FIXTURE = join(import.meta.dirname, "fixtures", "valid");

export interface FixtureRepo {
  root: string;
  write(file: string, text: string | Buffer): void;
  read(file: string): string;
  dispose(): void;
}

export function fixtureRepo(): FixtureRepo {
  const root = mkdtempSync(join(tmpdir(), "gaia-e2e-"));
  cpSync(FIXTURE, root, { recursive: true });
  return {
    root,
    write(file, text) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    },
    read: (file) => readFileSync(join(root, file), "utf8"),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  json?: any;
}

/** Runs the real CLI (real kustomize) as a user would. */
export async function gaia(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const res = await $({
    nothrow: true,
    quiet: true,
    cwd: opts.cwd ?? PROJECT_ROOT,
    input: opts.input,
    stdio: opts.input === undefined ? ["ignore", "pipe", "pipe"] : ["pipe", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", ...(opts.env ?? {}) },
  })`node ${join(PROJECT_ROOT, "bin", "gaia.js")} ${args}`;
  let json: any;
  try {
    json = JSON.parse(res.stdout);
  } catch {
    json = undefined;
  }
  return { exitCode: res.exitCode ?? -1, stdout: res.stdout, stderr: res.stderr, json };
}
