/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with brackets for nesting
 * (`metadata[tenant]=x`, `expand[0]=setup_intent`, `expand[]=lines`), as stripe-node's `qs`
 * writes it. Arrays come back as arrays, everything else as strings.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type Form = { [key: string]: FormValue };

const MAX_DEPTH = 5;

function keyPath(name: string): string[] {
  const first = name.indexOf('[');
  if (first < 0) return [name];
  const path = [name.slice(0, first)];
  for (const match of name.slice(first).matchAll(/\[([^\]]*)\]/g)) path.push(match[1] ?? '');
  return path;
}

function setPath(target: Form, path: string[], value: string): void {
  if (path.length > MAX_DEPTH) throw new Error(`Parameter nesting deeper than ${MAX_DEPTH}.`);
  let node: Record<string, FormValue> | FormValue[] = target;
  for (const [index, key] of path.entries()) {
    const last = index === path.length - 1;
    const fresh = (): FormValue => (/^\d*$/.test(path[index + 1] ?? '') ? [] : {});
    if (Array.isArray(node)) {
      const slot = key === '' ? node.length : Number(key);
      if (!Number.isInteger(slot) || slot > 1000) throw new Error(`Bad array index ${key}.`);
      if (last) {
        node[slot] = value;
      } else {
        node[slot] = node[slot] ?? fresh();
        node = node[slot] as Record<string, FormValue>;
      }
    } else if (last) {
      node[key] = value;
    } else {
      node[key] = node[key] ?? fresh();
      node = node[key] as Record<string, FormValue>;
    }
  }
}

export function parseForm(text: string): Form {
  const form: Form = {};
  for (const [name, value] of new URLSearchParams(text)) setPath(form, keyPath(name), value);
  return form;
}

/** A string parameter, or undefined. */
export function str(form: Form, key: string): string | undefined {
  const value = form[key];
  return typeof value === 'string' ? value : undefined;
}

/** A nested object of strings (metadata), or {}. */
export function dict(form: Form, key: string): Record<string, string> {
  const value = form[key];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
