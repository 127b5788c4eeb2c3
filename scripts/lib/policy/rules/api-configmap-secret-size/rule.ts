import type { ObjectRule } from "../../types.ts";
import { CONFIG_DATA_MAX_BYTES, kib, scalarText, utf8Bytes } from "../../k8s/api-validation.ts";

const entries = (v: unknown): Array<[string, unknown]> => (v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v) : []);

/** Decoded length of a base64 value (data of a Secret, binaryData of a ConfigMap). */
function base64Bytes(value: unknown): number {
  return Buffer.from(scalarText(value), "base64").length;
}

/** Bytes the API server counts: keys plus values, base64 fields decoded; a Secret's stringData is merged into data. */
function payloadBytes(object: Record<string, any>): number {
  if (object.kind === "ConfigMap")
    return (
      entries(object.data).reduce((s, [k, v]) => s + utf8Bytes(k) + utf8Bytes(scalarText(v)), 0) +
      entries(object.binaryData).reduce((s, [k, v]) => s + utf8Bytes(k) + base64Bytes(v), 0)
    );
  const merged = new Map<string, number>();
  for (const [k, v] of entries(object.data)) merged.set(k, base64Bytes(v));
  for (const [k, v] of entries(object.stringData)) merged.set(k, utf8Bytes(scalarText(v)));
  return [...merged].reduce((s, [k, n]) => s + utf8Bytes(k) + n, 0);
}

export const rule: ObjectRule = {
  id: "api-configmap-secret-size",
  title: "ConfigMaps and Secrets hold at most 1 MiB of data",
  category: "reliability",
  scope: "object",
  defaultSeverity: "error",
  rationale:
    "The API server refuses a ConfigMap or Secret whose data (keys plus values, base64 decoded) exceeds 1 MiB; a configMapGenerator over a growing folder renders fine until the day the sync fails.",
  fix: "Split the data over several ConfigMaps/Secrets, or ship large files in the image or a volume instead.",
  kinds: ["ConfigMap", "Secret"],
  check(object) {
    if (!String(object.apiVersion).startsWith("v1")) return [];
    const bytes = payloadBytes(object);
    if (bytes <= CONFIG_DATA_MAX_BYTES) return [];
    return [
      {
        message: `${object.kind} ${String(object.metadata?.name ?? "")} holds ${kib(bytes)} of data; the API server refuses more than 1024 KiB`,
        path: object.data ? "/data" : object.kind === "Secret" ? "/stringData" : "/binaryData",
      },
    ];
  },
};
