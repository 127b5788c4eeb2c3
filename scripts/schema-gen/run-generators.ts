// Runs schema generators in order and reports what each wrote; the first failure stops the run.

export interface SchemaGenerator {
  name: string;
  /** Regenerates this generator's folder under `root`; returns the absolute paths written. */
  generate(root: string): Promise<string[]>;
}

export interface GeneratorOutput {
  write(text: string): unknown;
}

/** Exit code 0 when every generator succeeded, 2 (tool failure) after the first that threw. */
export async function runSchemaGenerators(root: string, generators: readonly SchemaGenerator[], out: GeneratorOutput, err: GeneratorOutput): Promise<number> {
  for (const generator of generators) {
    try {
      const written = await generator.generate(root);
      out.write(`${generator.name}: ${written.length} files\n`);
    } catch (error) {
      err.write(`${generator.name}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  }
  return 0;
}
