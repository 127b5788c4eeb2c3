// `npm run build:gate-engine`: builds the gate engine image, pins its digest in the development overlay and prints
// the digest (`sha256:...`) as the last line.
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { buildGateEngineImage, type BuilderChoice } from "./build.ts";
import { zxRunner } from "./exec.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

const program = new Command("build-gate-engine")
  .description("Build the gate engine OCI image reproducibly and pin its digest in an overlay")
  .option("--overlay <file>", "kustomization.yaml that receives the digest", "overlays/development/kustomization.yaml")
  .option("--oci-dir <dir>", "OCI layout directory to write the image to", ".cache/gate-engine/oci")
  .addOption(new Option("--builder <builder>", "image builder").choices(["auto", "buildah", "docker"]).default("auto"));

async function main(): Promise<void> {
  program.parse();
  const opts = program.opts<{ overlay: string; ociDir: string; builder: BuilderChoice }>();
  const started = Date.now();
  const result = await buildGateEngineImage({
    repoRoot,
    overlayFile: opts.overlay,
    ociDir: opts.ociDir,
    builder: opts.builder,
    runner: zxRunner,
    log: (line) => console.error(line),
  });
  console.log(`image ${result.reference}`);
  console.log(`oci layout ${result.ociDir}:${result.tag} (built with ${result.builder} in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`pinned in ${opts.overlay}`);
  console.log(result.digest);
}

main().catch((err: Error) => {
  console.error(`build-gate-engine: ${err.message}`);
  process.exit(err.name === "ToolError" ? 2 : 1);
});
