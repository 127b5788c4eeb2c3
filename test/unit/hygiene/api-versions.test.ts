import { describe, expect, it } from "vitest";
import { API_DEPRECATIONS, apiStatus, deprecationOf, parseMinorVersion, versionAtLeast } from "../../../scripts/lib/policy/k8s/api-versions.ts";

describe("Kubernetes API deprecations", () => {
  it("parses minor versions with or without a v and a patch", () => {
    expect(parseMinorVersion("1.30")).toEqual([1, 30]);
    expect(parseMinorVersion("v1.29.4")).toEqual([1, 29]);
    expect(parseMinorVersion("latest")).toBeUndefined();
  });

  it("compares versions numerically, and an unparsable version is never at least another", () => {
    expect(versionAtLeast("1.30", "1.25")).toBe(true);
    expect(versionAtLeast("1.9", "1.16")).toBe(false);
    expect(versionAtLeast("2.0", "1.33")).toBe(true);
    expect(versionAtLeast("next", "1.0")).toBe(false);
  });

  it("follows a CronJob on batch/v1beta1 from fine to deprecated to removed", () => {
    expect(apiStatus("batch/v1beta1", "CronJob", "1.20")).toBeUndefined();
    expect(apiStatus("batch/v1beta1", "CronJob", "1.22")?.state).toBe("deprecated");
    expect(apiStatus("batch/v1beta1", "CronJob", "1.25")).toMatchObject({ state: "removed", entry: { replacement: "batch/v1" } });
  });

  it("prefers kind-specific entries and falls back to the whole group-version", () => {
    expect(deprecationOf("extensions/v1beta1", "Ingress")?.replacement).toBe("networking.k8s.io/v1");
    expect(deprecationOf("extensions/v1beta1", "ReplicationController")?.removedIn).toBe("1.22");
    expect(deprecationOf("apps/v1", "Deployment")).toBeUndefined();
    expect(deprecationOf("batch/v1beta1", "Job")).toBeUndefined();
  });

  it("knows deprecations without a removal yet", () => {
    expect(apiStatus("v1", "Endpoints", "1.30")).toBeUndefined();
    expect(apiStatus("v1", "Endpoints", "1.33")?.state).toBe("deprecated");
  });

  it("keeps the table consistent: removal after deprecation, a replacement for each", () => {
    for (const e of API_DEPRECATIONS) {
      expect(e.replacement.length).toBeGreaterThan(0);
      if (e.removedIn) expect(versionAtLeast(e.removedIn, e.deprecatedIn)).toBe(true);
    }
  });
});
