import { describe, expect, it } from "vitest";
import { attributeBatch, gameNamespace, type Attributed } from "../../../scripts/lib/render/attribute.ts";
import type { Target } from "../../../scripts/lib/types.ts";

const game = (name: string, env: "production" | "staging" = "production"): Target => ({
  path: `games/${name}/${env}`,
  kind: "game",
  game: name,
  environment: env,
});
const item = (kind: string, name: string, namespace?: string, file?: string): Attributed => ({
  object: { apiVersion: "v1", kind, metadata: { name, ...(namespace ? { namespace } : {}) } },
  origin: { file, configuredIn: [] },
});

describe("attributeBatch", () => {
  it("splits a batch by each game's namespace", () => {
    const out = attributeBatch(
      [game("a"), game("b")],
      [
        item("Service", "web", "gaia-a", "base/web/service.yaml"),
        item("Service", "web", "gaia-b"),
        item("ConfigMap", "c", "gaia-a", "games/a/production/cm.yaml"),
      ],
    );
    expect(out).toBeDefined();
    expect(out!.get("games/a/production")!.map((i) => i.object.kind)).toEqual(["Service", "ConfigMap"]);
    expect(out!.get("games/b/production")!.map((i) => i.object.metadata.namespace)).toEqual(["gaia-b"]);
    expect(gameNamespace("a")).toBe("gaia-a");
  });

  it("gives a game's own Namespace object to that game (kustomize renames it to the pinned namespace)", () => {
    const out = attributeBatch(
      [game("a"), game("b")],
      [item("Namespace", "gaia-a", undefined, "games/a/production/namespace.yaml"), item("Service", "web", "gaia-a"), item("Service", "web", "gaia-b")],
    );
    expect(out!.get("games/a/production")!.map((i) => i.object.kind)).toEqual(["Namespace", "Service"]);
    expect(out!.get("games/b/production")!.map((i) => i.object.kind)).toEqual(["Service"]);
  });

  it("is undefined for a Namespace of no game in the batch, or declared in another game's files", () => {
    expect(
      attributeBatch([game("a"), game("b")], [item("Service", "web", "gaia-a"), item("Service", "web", "gaia-b"), item("Namespace", "gaia-c")]),
    ).toBeUndefined();
    expect(
      attributeBatch(
        [game("a"), game("b")],
        [item("Service", "web", "gaia-a"), item("Service", "web", "gaia-b"), item("Namespace", "gaia-a", undefined, "games/b/production/ns.yaml")],
      ),
    ).toBeUndefined();
  });

  it("is undefined for a cluster-scoped object", () => {
    expect(
      attributeBatch([game("a"), game("b")], [item("Service", "web", "gaia-a"), item("Service", "web", "gaia-b"), item("ClusterRole", "x")]),
    ).toBeUndefined();
  });

  it("is undefined for an object in a namespace of no target in the batch", () => {
    expect(
      attributeBatch([game("a"), game("b")], [item("Service", "web", "gaia-a"), item("Service", "web", "gaia-b"), item("Service", "web", "kube-system")]),
    ).toBeUndefined();
  });

  it("is undefined when an object declared in one game's folder lands in another game's namespace", () => {
    expect(
      attributeBatch([game("a"), game("b")], [item("Service", "web", "gaia-a", "games/b/production/svc.yaml"), item("Service", "web", "gaia-b")]),
    ).toBeUndefined();
  });

  it("is undefined when a target gets no object", () => {
    expect(attributeBatch([game("a"), game("b")], [item("Service", "web", "gaia-a")])).toBeUndefined();
  });

  it("is undefined when the batch holds a target that is not a game", () => {
    expect(
      attributeBatch([game("a"), { path: "overlays/production", kind: "overlay", environment: "production" }], [item("Service", "web", "gaia-a")]),
    ).toBeUndefined();
  });
});
