// One progress-bar line for long runs; the CLI redraws it on stderr when that is a TTY.

const BAR_MIN = 10;
const BAR_MAX = 40;

function clampCount(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** Cuts text to at most `max` characters (code points), ending in "…" when cut. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 0) return "";
  return `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * `████████░░░░░░░░  12/63  19%  rendering games/alpha` — never wider than `width` characters.
 * Out-of-range input is clamped (done > total shows a full bar; total 0 counts as complete).
 */
export function formatProgress(done: number, total: number, width: number, label: string): string {
  const max = clampCount(total);
  const count = Math.min(clampCount(done), max);
  const fraction = max === 0 ? 1 : count / max;
  const columns = clampCount(width);
  const counter = `${String(count).padStart(String(max).length)}/${max}`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const barWidth = Math.min(BAR_MAX, Math.max(BAR_MIN, Math.floor(columns * 0.4)));
  const filled = Math.floor(fraction * barWidth);
  const bar = "█".repeat(filled) + "░".repeat(barWidth - filled);
  const head = `${bar}  ${counter} ${percent}`;
  const cleanLabel = label.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
  const room = columns - Array.from(head).length - 2;
  const line = room > 0 && cleanLabel ? `${head}  ${truncate(cleanLabel, room)}` : head;
  return truncate(line, columns);
}
