// What the gate engine image is: name, entrypoint, user, environment and OCI annotations. Both builders use it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Runner } from "./exec.ts";
import { BUNDLE_PATH_IN_IMAGE, IMAGE_UID, NODE_PATH_IN_IMAGE } from "./rootfs.ts";

export const IMAGE_NAME = "registry.gaia.tech/platform/gate-engine";
/** Sources whose last commit is the image's revision. The overlays are not among them, so pinning a digest there
 * does not change the next build. */
export const REVISION_PATHS = ["gate-engine", "scripts/image"];
/** Revision used before anything under REVISION_PATHS is committed. */
export const NO_COMMIT_REVISION = "0000000000000000000000000000000000000000";
export const FALLBACK_SOURCE = "urn:gaia-gitops:gate-engine";

export interface ImageSpec {
  name: string;
  version: string;
  user: string;
  workingDir: string;
  entrypoint: string[];
  env: Record<string, string>;
  ports: number[];
  /** OCI annotations, also set as labels so that `docker inspect` and registries show them. */
  annotations: Record<string, string>;
}

/** The last commit touching the gate engine's own sources, or NO_COMMIT_REVISION (no repo or no commit yet). */
export async function sourceRevision(runner: Runner, repoRoot: string): Promise<string> {
  const result = await runner("git", ["log", "-1", "--format=%H", "--", ...REVISION_PATHS], { cwd: repoRoot });
  const hash = result.stdout.trim();
  return result.exitCode === 0 && /^[0-9a-f]{40}$/.test(hash) ? hash : NO_COMMIT_REVISION;
}

export async function sourceUrl(runner: Runner, repoRoot: string): Promise<string> {
  const result = await runner("git", ["config", "--get", "remote.origin.url"], { cwd: repoRoot });
  return result.exitCode === 0 && result.stdout.trim() !== "" ? result.stdout.trim() : FALLBACK_SOURCE;
}

export async function packageVersion(repoRoot: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { version?: string };
  if (!pkg.version) throw new Error("package.json has no version");
  return pkg.version;
}

export function imageSpec(version: string, revision: string, source: string): ImageSpec {
  return {
    name: IMAGE_NAME,
    version,
    user: `${IMAGE_UID}:${IMAGE_UID}`,
    workingDir: "/app",
    entrypoint: [NODE_PATH_IN_IMAGE, BUNDLE_PATH_IN_IMAGE],
    // State goes to /tmp (an emptyDir in the cluster) when no ConfigMap store is selected: the root is read-only.
    env: { NODE_ENV: "production", PORT: "8080", GATE_ENGINE_MANIFESTS: "/etc/gate-engine/networks", GATE_ENGINE_STATE_FILE: "/tmp/gate-engine/state.json" },
    ports: [8080, 9090],
    annotations: {
      "org.opencontainers.image.title": "gate-engine",
      "org.opencontainers.image.description": "Evaluates gaia gate networks and learns from feedback",
      "org.opencontainers.image.source": source,
      "org.opencontainers.image.revision": revision,
      "org.opencontainers.image.version": version,
      "org.opencontainers.image.licenses": "Apache-2.0",
      // A fixed creation time: the same sources must give the same digest.
      "org.opencontainers.image.created": "1970-01-01T00:00:00Z",
    },
  };
}

export async function describeSources(runner: Runner, repoRoot: string): Promise<{ version: string; revision: string; source: string }> {
  const [version, revision, source] = await Promise.all([packageVersion(repoRoot), sourceRevision(runner, repoRoot), sourceUrl(runner, repoRoot)]);
  return { version, revision, source };
}
