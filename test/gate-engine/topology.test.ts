// Network validation, driven by fixtures: fail.*.yaml carry the expected error in their first line.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectManifests } from "../../gate-engine/src/manifests.ts";
import type { Catalog } from "../../gate-engine/src/model.ts";
import { planNetwork } from "../../gate-engine/src/topology.ts";

const FIXTURES = new URL("./fixtures/networks/", import.meta.url).pathname;
const files = readdirSync(FIXTURES).sort();

function plan(file: string) {
  const catalog: Catalog = collectManifests(readFileSync(join(FIXTURES, file), "utf8"), file, { networks: [], policies: [], endpoints: [] });
  return planNetwork(catalog.networks[0]);
}

describe("network validation fixtures", () => {
  it("has both passing and failing fixtures", () => {
    expect(files.filter((f) => f.startsWith("pass.")).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith("fail.")).length).toBeGreaterThan(10);
  });

  for (const file of files.filter((f) => f.startsWith("fail."))) {
    it(`rejects ${file}`, () => {
      const expected = /^# expect: (.+)$/m.exec(readFileSync(join(FIXTURES, file), "utf8"))?.[1];
      expect(expected, `${file} needs a "# expect:" line`).toBeTruthy();
      expect(() => plan(file)).toThrow(expected);
    });
  }

  for (const file of files.filter((f) => f.startsWith("pass."))) {
    it(`accepts ${file}`, () => {
      expect(plan(file).order.length).toBeGreaterThan(0);
    });
  }
});

describe("network plan", () => {
  it("orders gates topologically and computes widths", () => {
    const p = plan("pass.seed-shape.yaml");
    expect(p.order.map((g) => g.spec.name)).toEqual(["input-layer", "pattern-matcher", "decision-layer"]);
    expect(p.byName.get("input-layer")?.outputWidth).toBe(3);
    expect(p.byName.get("pattern-matcher")?.inputWidth).toBe(3);
    expect(p.sinks).toEqual(["decision-layer"]);
  });

  it("infers the input width from a source gate and sums fan-in widths", () => {
    const p = plan("pass.inferred-width-diamond.yaml");
    expect(p.inputBits).toBe(4);
    expect(p.byName.get("join")?.inputWidth).toBe(2);
    expect(p.byName.get("join")?.inbound.map((c) => c.from)).toEqual(["b1", "b2"]);
  });
});
