/**
 * Where something is in a JSON file, for messages that name file and line: JSON.parse reports a
 * character position (or, in newer Node versions, a line and column); users want lines.
 */

/** 1-based line of the first `"key":` in `text`. */
export function lineOfKey(text: string, key: string): number | undefined {
  const index = text.search(new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`));
  return index === -1 ? undefined : text.slice(0, index).split('\n').length;
}

/**
 * What a JSON.parse error says, without the piece of the text it quotes (V8 writes
 * `Unexpected token 'v', "vm\n" is not valid JSON`): messages built from it never echo file
 * contents. Keeps the kind of error and the position.
 */
function contentFree(message: string): string {
  return message
    .replace(/^(Unexpected token) .*?(,? "[\s\S]*" is not valid JSON)?( in JSON at position.*)?$/s, (_, kind: string, _quoted, at: string | undefined) => `${kind}${at ?? ''}`)
    .replace(/,? "[\s\S]*" is not valid JSON$/s, '')
    .replace(/^Unexpected non-whitespace character/, 'Unexpected text');
}

/**
 * A JSON.parse error's message and 1-based line and column (Node reports a position or a line).
 * The message names the kind of error and where, never the text around it.
 */
export function jsonErrorLocation(text: string, error: Error): { message: string; line?: number; column?: number } {
  const message = contentFree(error.message);
  const byLine = /line (\d+) column (\d+)/.exec(error.message);
  if (byLine) return { message, line: Number(byLine[1]), column: Number(byLine[2]) };
  const byPosition = /position (\d+)/.exec(error.message);
  if (!byPosition) return { message, ...(text.trim() === '' ? { line: 1 } : {}) };
  const before = text.slice(0, Number(byPosition[1])).split('\n');
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  return { message: `${message.replace(/(?: in JSON)? at position \d+.*$/, '')} (line ${line}, column ${column})`, line, column };
}
