// Bundles the gate engine service into one ES module with esbuild.
import { build } from "esbuild";

/** esbuild output is ESM; CommonJS dependencies inside it still call `require`, which ESM lacks. */
const REQUIRE_SHIM = "import { createRequire as __gateEngineRequire } from 'node:module'; const require = __gateEngineRequire(import.meta.url);";

export async function bundleService(entry: string, outfile: string): Promise<void> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: true,
    legalComments: "none",
    banner: { js: REQUIRE_SHIM },
    logLevel: "silent",
  });
  if (result.errors.length > 0) throw new Error(`esbuild: ${result.errors.map((e) => e.text).join("; ")}`);
}
