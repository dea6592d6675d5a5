import type { JsonValue } from './records.js';

const MAX_DEPTH = 32;

/** Where `value` stops being plain JSON: `undefined` if it is JSON, else the path and reason. */
export function findNonJson(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; reason: string } | undefined {
  if (path.length > MAX_DEPTH) return { path, reason: `must nest at most ${MAX_DEPTH} levels` };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : { path, reason: 'must be a finite number' };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNonJson(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      return { path, reason: 'must be a plain JSON object' };
    }
    for (const [key, item] of Object.entries(value)) {
      const found = findNonJson(item, [...path, key]);
      if (found) return found;
    }
    return undefined;
  }
  return { path, reason: `must be JSON (got ${typeof value})` };
}

export function isJsonValue(value: unknown): value is JsonValue {
  return findNonJson(value) === undefined;
}
