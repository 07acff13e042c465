/**
 * JSON text with every string value passed through `redact` first, then the text itself: a
 * secret is masked whether it appears as-is or only after JSON escaping would have changed it.
 */
export function redactedJson(value: unknown, redact: (text: string) => string): string {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item)]));
    return v;
  };
  return redact(`${JSON.stringify(walk(value), null, 2)}\n`);
}
