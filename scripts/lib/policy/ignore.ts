// The per-object opt-out annotation: `gaia.tech/ignore: <rule-id>[, <rule-id>...]`, honoured where config allows it.
export const IGNORE_ANNOTATION = "gaia.tech/ignore";

/** The rule ids an object's annotation names. */
export function ignoredRules(annotation: unknown): string[] {
  return typeof annotation === "string"
    ? annotation
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}
