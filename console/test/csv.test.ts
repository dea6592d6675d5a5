import { describe, expect, it } from 'vitest';
import { csvCell } from '../src/lib/csv';

describe('csvCell', () => {
  it('quotes what must be quoted and leaves the rest', () => {
    expect(csvCell('plain reason')).toBe('plain reason');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
  });

  it('never lets a spreadsheet run a value as a formula', () => {
    for (const formula of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx']) {
      expect(csvCell(formula).replace(/^"/, '').startsWith("'")).toBe(true);
    }
  });
});
