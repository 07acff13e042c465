/**
 * A typed key for a value one phase publishes and later phases read. Phase packages never
 * import each other; they share data through keys defined in core.
 */
export interface FactKey<T> {
  /** Unique name, used in error messages. */
  readonly name: string;
  /** Type carrier only; never set at run time. */
  readonly __type?: T;
}

/** Defines a {@link FactKey}. */
export function defineFact<T>(name: string): FactKey<T> {
  return Object.freeze({ name }) as FactKey<T>;
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
