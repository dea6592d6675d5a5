/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled;
 * empty for no value. A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first) starts with an apostrophe, so a tag like `=HYPERLINK(…)` or an exported reason stays
 * text. Numbers are written as they are.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of cells as CSV text, CRLF line ends as RFC 4180 has them. */
export function csvText(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
