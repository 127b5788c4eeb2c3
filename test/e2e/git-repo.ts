// A fixture repository with three environments under real git: the `valid` fixture plus development and staging
// overlays, a game in every environment, pinned images and a promotable config value, committed on `main`.
import { $ } from "zx";
import { fixtureRepo, type FixtureRepo } from "./repo.ts";

export const DIGEST = { dev: `sha256:${"d".repeat(64)}`, staging: `sha256:${"5".repeat(64)}` };

const overlay = (env: string, tag: string, digest: string, extra = "") => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: gaia-platform
resources:
  - ../../base/web
${extra}configMapGenerator:
  - name: web-settings
    literals:
      # the release the platform ships; promoted with the images
      - WEB_RELEASE=${tag}
      - LOG_LEVEL=${env === "development" ? "debug" : "info"}
# Pinned versions (gaia promote copies them to the next environment)
images:
  - name: registry.gaia.tech/platform/web
    newTag: ${tag} # the release
    digest: ${digest}
`;

const game = (env: string) => `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: gaia-demo
resources:
  - ../../../overlays/${env}
`;

export interface GitRepo extends FixtureRepo {
  git(...args: string[]): Promise<string>;
  commitAll(message: string): Promise<void>;
}

export async function gitFixtureRepo(): Promise<GitRepo> {
  const repo = fixtureRepo();
  repo.write("overlays/development/kustomization.yaml", overlay("development", "1.3.0", DIGEST.dev));
  repo.write("overlays/staging/kustomization.yaml", overlay("staging", "1.2.0", DIGEST.staging));
  repo.write("overlays/production/kustomization.yaml", overlay("production", "1.2.0", DIGEST.staging, "patches:\n  - path: replicas.yaml\n"));
  for (const env of ["development", "staging", "production"]) repo.write(`games/demo/${env}/kustomization.yaml`, game(env));
  repo.write(
    "policies/config.yaml",
    `kubernetesVersion: "1.30"
argocd:
  kustomizeVersion: v5.7.1
promotion:
  config:
    - configMap: web-settings
      keys: [WEB_RELEASE]
parameters:
  allowedRegistries: [registry.gaia.tech]
rules: {}
`,
  );
  repo.write(".gitignore", ".cache/\n");
  const git = async (...args: string[]) => (await $({ cwd: repo.root, quiet: true })`git ${args}`).stdout;
  await git("init", "--quiet", "--initial-branch=main");
  await git("config", "user.email", "platform@gaia.tech");
  await git("config", "user.name", "Platform");
  await git("config", "commit.gpgsign", "false");
  const commitAll = async (message: string) => {
    await git("add", "-A");
    await git("commit", "--quiet", "-m", message);
  };
  await commitAll("initial");
  return { ...repo, git, commitAll };
}
