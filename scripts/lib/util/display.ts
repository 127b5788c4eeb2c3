// Values from parsed YAML in messages: a mapping or a list must read as itself, never as "[object Object]".

/** A YAML value as a reader would write it: strings as they are, numbers and booleans as text, anything else as JSON. */
export function displayValue(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value) ?? `(${typeof value})`;
  } catch {
    return "(unprintable value)";
  }
}

/** A string field of parsed YAML, or undefined when it is missing or not a string. */
export function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === "string" ? value : fallback;
}

/** 1 → "1st", 2 → "2nd", 11 → "11th": list items without a name are named by their position, counted from one. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}
