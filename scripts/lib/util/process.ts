// zx is loaded only when a process has to run: a warm, fully cached validation starts none and skips loading it.
// Tools get /dev/null as stdin: none reads it, and bash (zx runs commands through it) sources ~/.bashrc when its stdin is
// a socket, as under CI runners and test workers, which can stall every call on whatever that file starts.
export async function zx() {
  return (await import("zx")).$({ stdio: ["ignore", "pipe", "pipe"] });
}
