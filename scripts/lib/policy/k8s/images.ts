// Container image references: registry/repository[:tag][@digest], parsed the way container runtimes read them.
export interface ImageRef {
  /** Everything before the tag and digest. */
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImage(image: string): ImageRef {
  const at = image.indexOf("@");
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(":");
  // A colon before the last "/" belongs to a registry port (registry:5000/app), not a tag.
  const hasTag = colon > rest.lastIndexOf("/");
  return { name: hasTag ? rest.slice(0, colon) : rest, ...(hasTag ? { tag: rest.slice(colon + 1) } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** A content-addressed digest as registries issue them. */
export function isSha256Digest(digest: string | undefined): boolean {
  return digest !== undefined && /^sha256:[a-f0-9]{64}$/.test(digest);
}
