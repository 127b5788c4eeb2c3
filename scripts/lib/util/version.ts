// gaia's own version: the toolkit's package.json, wherever gaia is run from.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TOOLKIT_ROOT } from "./paths.ts";

export function toolkitVersion(): string {
  const pkg = JSON.parse(readFileSync(join(TOOLKIT_ROOT, "package.json"), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
