/**
 * Lookups by an id that came from outside (Teams, the platform, a card): the
 * value a record holds under that key itself, never one Object.prototype
 * lends it, so "toString" or "__proto__" are ids like any other (STYLE 12).
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
