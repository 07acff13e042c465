/** A value {@link toYaml} can write: JSON data without `undefined`. */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Writes `value` as block-style YAML. Strings are always double-quoted with JSON escapes (a JSON
 * string is a valid YAML double-quoted scalar), so no value can be read back as another type
 * (`"no"`, `"1e3"`, `"null"`) and nothing needs a YAML library.
 *
 * @param value - a mapping or sequence (scalars are written as one line)
 * @returns the YAML text, ending with a newline
 */
export function toYaml(value: YamlValue): string {
  return `${block(value, 0)}\n`;
}

function block(value: YamlValue, indent: number): string {
  const pad = ' '.repeat(indent);
  if (isSequence(value)) {
    if (value.length === 0) return `${pad}[]`;
    return value.map((item) => sequenceItem(item, indent)).join('\n');
  }
  if (isMapping(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return `${pad}{}`;
    return entries.map(([key, item]) => mappingEntry(key, item, indent)).join('\n');
  }
  return `${pad}${scalar(value)}`;
}

function mappingEntry(key: string, value: YamlValue, indent: number): string {
  const pad = ' '.repeat(indent);
  const name = PLAIN_KEY.test(key) ? key : JSON.stringify(key);
  if (isCollection(value) && !isEmpty(value)) return `${pad}${name}:\n${block(value, indent + 2)}`;
  return `${pad}${name}: ${inline(value)}`;
}

function sequenceItem(value: YamlValue, indent: number): string {
  const pad = ' '.repeat(indent);
  if (!isCollection(value) || isEmpty(value)) return `${pad}- ${inline(value)}`;
  // Render the item two columns deeper, then put the dash in the first line's indentation:
  // "  key: 1\n  other: 2" becomes "- key: 1\n  other: 2".
  const nested = block(value, indent + 2);
  return `${pad}- ${nested.slice(indent + 2)}`;
}

function inline(value: YamlValue): string {
  if (isSequence(value)) return '[]';
  if (isMapping(value)) return '{}';
  return scalar(value);
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Expected a finite number for YAML, got ${value}`);
    return String(value);
  }
  return JSON.stringify(value);
}

function isSequence(value: YamlValue): value is readonly YamlValue[] {
  return Array.isArray(value);
}

function isMapping(value: YamlValue): value is { readonly [key: string]: YamlValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isCollection(value: YamlValue): boolean {
  return isSequence(value) || isMapping(value);
}

function isEmpty(value: YamlValue): boolean {
  if (isSequence(value)) return value.length === 0;
  if (isMapping(value)) return Object.keys(value).length === 0;
  return false;
}
