import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');
const ALLOWED = new Set([
  '@tagtime/log',
  '@tagtime/log/core',
  '@tagtime/log/protocol',
  'eventsource',
]);

describe('the client core', () => {
  it('imports nothing Node-only: only relative modules, @tagtime/log (and its protocol) and eventsource', () => {
    const files = readdirSync(SRC).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(join(SRC, file), 'utf8');
      for (const match of text.matchAll(/from '([^']+)'/g)) {
        const specifier = match[1] as string;
        const ok = specifier.startsWith('./') || ALLOWED.has(specifier);
        expect(ok, `${file} imports ${specifier}`).toBe(true);
      }
      expect(text, `${file} uses a Node global`).not.toMatch(/\b(process|Buffer|require)\s*[.(]/);
    }
  });
});
