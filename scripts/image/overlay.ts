// Pins the built digest in an overlay's kustomization.yaml `images:`, keeping comments and everything else.
import { readFile, writeFile } from "node:fs/promises";
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from "yaml";

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Returns the kustomization text with `images[name=imageName].digest` set (entry created when missing). */
export function pinDigest(text: string, imageName: string, digest: string, file = "kustomization.yaml"): string {
  if (!DIGEST.test(digest)) throw new Error(`"${digest}" is not a sha256 digest`);
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`${file}: invalid YAML: ${doc.errors[0].message}`);
  if (!isMap(doc.contents)) throw new Error(`${file}: expected a Kustomization mapping`);
  let images = doc.get("images");
  if (images === undefined || images === null) {
    images = new YAMLSeq();
    doc.set("images", images);
  }
  if (!isSeq(images)) throw new Error(`${file}: images must be a list`);
  let entry = images.items.find((item): item is YAMLMap => isMap(item) && item.get("name") === imageName);
  if (!entry) {
    entry = doc.createNode({ name: imageName });
    images.add(entry);
  }
  // A digest pins the image; a tag next to it would be ignored by kustomize's output anyway and misleads readers.
  entry.delete("newTag");
  entry.set("digest", digest);
  return doc.toString();
}

export async function pinDigestInFile(file: string, imageName: string, digest: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(`${file} does not exist: create the development overlay first, then build again to pin the digest`, { cause: err });
    }
    throw err;
  }
  await writeFile(file, pinDigest(text, imageName, digest, file));
}
