/**
 * Where something is in a JSON file, for messages that name file and line: JSON.parse reports a
 * character position (or, in newer Node versions, a line and column); users want lines.
 */

/** 1-based line of the first `"key":` in `text`. */
export function lineOfKey(text: string, key: string): number | undefined {
  const index = text.search(new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`));
  return index === -1 ? undefined : text.slice(0, index).split('\n').length;
}

/** A JSON.parse error's message and 1-based line (Node reports a position or a line). */
export function jsonErrorLocation(text: string, error: Error): { message: string; line?: number; column?: number } {
  const byLine = /line (\d+) column (\d+)/.exec(error.message);
  if (byLine) return { message: error.message, line: Number(byLine[1]), column: Number(byLine[2]) };
  const byPosition = /position (\d+)/.exec(error.message);
  if (!byPosition) return { message: error.message, ...(text.trim() === '' ? { line: 1 } : {}) };
  const before = text.slice(0, Number(byPosition[1])).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return { message: `${error.message.replace(/ in JSON at position \d+.*$/, '')} (line ${line}, column ${column})`, line, column };
}
