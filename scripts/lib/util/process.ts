// zx is loaded only when a process has to run: a warm, fully cached validation starts none and skips loading it.
export async function zx() {
  return (await import("zx")).$;
}
