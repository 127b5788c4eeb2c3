// Plain scalars resolved exactly as the `yaml` package resolves them (YAML 1.2 core schema): the same tests, in the same
// order, resolved by the package's own functions, for code that reads scalars from text without building a tree.
import { Schema, isScalar } from "yaml";

interface ScalarTag {
  tag: string;
  default?: boolean | string;
  test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: { intAsBigInt: boolean }): unknown;
}

const implicitTags = (new Schema({ schema: "core" }).tags as unknown as ScalarTag[]).filter((t) => t.default === true && t.test);

/** A plain scalar's value as the `yaml` package resolves it (core schema): null, boolean, number, or the string itself. */
export function resolvePlainScalar(text: string): unknown {
  const tag = implicitTags.find((t) => t.test!.test(text));
  if (!tag) return text;
  const resolved = tag.resolve(
    text,
    (message) => {
      throw new Error(message);
    },
    { intAsBigInt: false },
  );
  return isScalar(resolved) ? resolved.value : resolved;
}
