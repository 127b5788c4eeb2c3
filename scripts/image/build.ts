// The gate engine image build: bundle → rootfs → image (buildah, or docker buildx with an engine) → pinned digest.
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { bundleService } from "./bundle.ts";
import { buildWithBuildah } from "./buildah.ts";
import { buildWithBuildx, dockerAvailable } from "./buildx.ts";
import { hasCommand, requireCommands, type Runner } from "./exec.ts";
import { describeSources, imageSpec, IMAGE_NAME } from "./image-spec.ts";
import { pinDigestInFile } from "./overlay.ts";
import { stageRootfs } from "./rootfs.ts";

export type BuilderChoice = "auto" | "buildah" | "docker";

export interface BuildOptions {
  repoRoot: string;
  /** kustomization.yaml whose `images:` receives the digest. */
  overlayFile: string;
  ociDir: string;
  builder: BuilderChoice;
  runner: Runner;
  nodeBinary?: string;
  log?: (line: string) => void;
}

export interface BuildResult {
  digest: string;
  reference: string;
  ociDir: string;
  tag: string;
  builder: "buildah" | "docker";
  revision: string;
  libraries: string[];
}

async function pickBuilder(choice: BuilderChoice, runner: Runner): Promise<"buildah" | "docker"> {
  if (choice === "docker" || (choice === "auto" && (await dockerAvailable({ runner })))) return "docker";
  await requireCommands(runner, ["buildah"]);
  return "buildah";
}

export async function buildGateEngineImage(options: BuildOptions): Promise<BuildResult> {
  const { repoRoot, runner } = options;
  const log = options.log ?? (() => undefined);
  const overlayFile = resolve(repoRoot, options.overlayFile);
  const overlayExists = await stat(overlayFile).then(
    () => true,
    () => false,
  );
  if (!overlayExists) {
    throw new Error(`${overlayFile} does not exist: the development overlay must exist before its image digest can be pinned`);
  }
  const builder = await pickBuilder(options.builder, runner);
  const sources = await describeSources(runner, repoRoot);
  const spec = imageSpec(sources.version, sources.revision, sources.source);
  const workDir = await mkdtemp(join(tmpdir(), "gate-engine-image-"));
  try {
    const bundle = join(workDir, "gate-engine.mjs");
    await bundleService(join(repoRoot, "gate-engine/src/main.ts"), bundle);
    const rootfsDir = join(workDir, "context", "rootfs");
    const libraries = await stageRootfs({
      nodeBinary: options.nodeBinary ?? process.execPath,
      bundleFile: bundle,
      outDir: rootfsDir,
      runner,
      strip: await hasCommand(runner, "strip"),
    });
    log(`builder ${builder}, revision ${sources.revision}, libraries: ${libraries.join(" ")}`);
    const ociDir = resolve(repoRoot, options.ociDir);
    await rm(ociDir, { recursive: true, force: true });
    await mkdir(ociDir, { recursive: true });
    const request = { spec, rootfsDir, ociDir, workDir, runner };
    const digest = builder === "docker" ? await buildWithBuildx(request) : await buildWithBuildah(request);
    await pinDigestInFile(overlayFile, IMAGE_NAME, digest);
    return { digest, reference: `${IMAGE_NAME}@${digest}`, ociDir, tag: spec.version, builder, revision: sources.revision, libraries };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
