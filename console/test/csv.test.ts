import { describe, expect, it } from 'vitest';
import { csvField } from '../src/lib/csv';

describe('csvField', () => {
  it('quotes what must be quoted and leaves the rest', () => {
    expect(csvField('plain reason')).toBe('plain reason');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('never lets a spreadsheet run a value as a formula', () => {
    for (const formula of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx']) {
      expect(csvField(formula).replace(/^"/, '').startsWith("'")).toBe(true);
    }
  });
});
