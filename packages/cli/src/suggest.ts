/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two words. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(up[j] as number + 1, row[j - 1] as number + 1, up[j - 1] as number + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, (d[i - 2] as number[])[j - 2] as number + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The candidate `word` was most likely meant to be: one it is a prefix of, else the nearest
 * within a third of its length (as commander suggests commands and options). Undefined when none is close.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const prefixed = candidates.filter((c) => lower.length > 0 && c.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance && d <= Math.max(1, Math.floor(candidate.length / 3))) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
