// The usual /compute body, `{"inputs":[1,0,1]}` written without spaces, read without JSON.parse. Any other body
// (spaces, a trace flag, other fields, other values) goes through JSON.parse as before; both read the same inputs.

const PREFIX = '{"inputs":[';
const SUFFIX = "]}";
const ZERO = 48;
const ONE = 49;
const COMMA = 44;

/** Bits in the canonical body `text`: (text.length - 12) / 2. */
export const canonicalWidth = (text: string): number => (text.length - PREFIX.length - SUFFIX.length + 1) / 2;

/**
 * The inputs of a canonical body as an integer (first bit most significant), or -1 when `text` is not exactly
 * `{"inputs":[b,…,b]}` with 1 to `maxBits` bits. Its width is canonicalWidth(text).
 */
export function canonicalInputs(text: string, maxBits: number): number {
  const width = canonicalWidth(text);
  if (!Number.isInteger(width) || width < 1 || width > maxBits || !text.startsWith(PREFIX) || !text.endsWith(SUFFIX)) return -1;
  let code = 0;
  for (let i = 0; i < width; i++) {
    const at = PREFIX.length + 2 * i;
    const bit = text.charCodeAt(at);
    if (bit !== ZERO && bit !== ONE) return -1;
    if (i < width - 1 && text.charCodeAt(at + 1) !== COMMA) return -1;
    code = code * 2 + (bit - ZERO);
  }
  return code;
}
