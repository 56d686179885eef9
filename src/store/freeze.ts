/**
 * Deep-freezes a value so a store can hand it out without copying: nobody can
 * change stored state by accident. Parts already frozen are shared structure
 * from earlier writes and are not walked again, so the cost follows what changed.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value as object)) deepFreeze(child);
  return value;
}
