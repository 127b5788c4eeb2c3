// js-yaml reading plain scalars exactly as the `yaml` package does (YAML 1.2 core schema): the same tests, in the same
// order, resolved by the `yaml` package's own functions, so a value never depends on which of the two parsed it.
import yaml from "js-yaml";
import { Schema, isScalar } from "yaml";

interface ScalarTag {
  tag: string;
  default?: boolean | string;
  test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: { intAsBigInt: boolean }): unknown;
}

function resolvedBy(tag: ScalarTag): yaml.Type {
  return new yaml.Type(`${tag.tag}#${String(tag.test)}`, {
    kind: "scalar",
    resolve: (data: unknown) => typeof data === "string" && tag.test!.test(data),
    construct: (data: string) => {
      const resolved = tag.resolve(
        data,
        (message) => {
          throw new Error(message);
        },
        { intAsBigInt: false },
      );
      return isScalar(resolved) ? resolved.value : resolved;
    },
  });
}

const implicitTags = (new Schema({ schema: "core" }).tags as unknown as ScalarTag[]).filter((t) => t.default === true && t.test);

/** FAILSAFE (strings, sequences, mappings) plus the core schema's implicit scalars, as the `yaml` package resolves them. */
export const yamlCoreSchema = yaml.FAILSAFE_SCHEMA.extend({ implicit: implicitTags.map(resolvedBy) });
