import { SECRET_NAME_PATTERN } from './secrets-backend.js';

/** The text that replaces a secret value. */
export const REDACTED = '***';

/**
 * Masks known secret values in text and in structured data. Values shorter than 4 characters
 * are not registered: masking them would garble ordinary text and they protect nothing.
 */
export class Redactor {
  #values: string[] = [];

  /**
   * A redactor primed with the values of every variable of `env` whose name looks like a secret
   * (`*_API_KEY`, `*_TOKEN`, `*_PASSWORD`, … : `SECRET_NAME_PATTERN`), as a server masks its replies.
   */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): Redactor {
    const redactor = new Redactor();
    for (const [name, value] of Object.entries(env)) if (SECRET_NAME_PATTERN.test(name)) redactor.add(value);
    return redactor;
  }

  /** Registers secret values to mask from now on. */
  add(...values: Array<string | undefined>): void {
    let changed = false;
    for (const value of values) {
      if (value === undefined || value.length < 4 || this.#values.includes(value)) continue;
      this.#values.push(value);
      changed = true;
    }
    // Longest first, so a secret that contains another is masked whole.
    if (changed) this.#values.sort((a, b) => b.length - a.length);
  }

  /** How many values are registered. */
  get size(): number {
    return this.#values.length;
  }

  /** `text` with every registered value replaced by {@link REDACTED}. */
  redact(text: string): string {
    let out = text;
    for (const value of this.#values) {
      if (out.includes(value)) out = out.split(value).join(REDACTED);
    }
    return out;
  }

  /** A deep copy of `value` with every string redacted (Errors become their messages). */
  redactDeep<T>(value: T): T {
    return this.#walk(value, new WeakMap()) as T;
  }

  #walk(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.#values.length === 0 ? value : this.redact(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(this.#walk(item, seen));
      return out;
    }
    if (value instanceof Error) return this.redact(value.message);
    if (value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'function') continue;
      out[key] = this.#walk(item, seen);
    }
    return out;
  }
}
