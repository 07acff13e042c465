/**
 * A typed key for a value one phase publishes and later phases read. Values are stored by the
 * key's name, so two keys with the same name reach the same value: the producing package defines
 * the key ({@link defineFact}) and exports it; a consumer in another phase package imports it for
 * its type only and makes its own handle with {@link factKey} (phase packages never import each
 * other at run time).
 */
export interface FactKey<T, N extends string = string> {
  /** Unique name, used in error messages. */
  readonly name: N;
  /** Type carrier only; never set at run time. */
  readonly __type?: T;
}

/** Defines a {@link FactKey} (in the package that publishes the fact). */
export function defineFact<T, N extends string = string>(name: N): FactKey<T, N> {
  return Object.freeze({ name }) as FactKey<T, N>;
}

/**
 * A consumer's handle on a fact that another package defines, typed from a type-only import of
 * that package's key: `factKey<typeof VALIDATE_FACTS.validation>('validation')`. The name must be
 * the key's own (checked by the compiler), so both reach the same value.
 */
export function factKey<K extends FactKey<unknown, string>>(name: K['name']): K {
  return defineFact(name) as unknown as K;
}

/** The fact values of one operation. */
export class FactStore {
  readonly #values = new Map<string, unknown>();

  /** Reads a fact, or undefined. */
  get<T>(key: FactKey<T>): T | undefined {
    return this.#values.get(key.name) as T | undefined;
  }

  /** True when the fact was published. */
  has(key: FactKey<unknown>): boolean {
    return this.#values.has(key.name);
  }

  /** Publishes a fact (replacing an earlier value). */
  set<T>(key: FactKey<T>, value: T): void {
    this.#values.set(key.name, value);
  }
}
