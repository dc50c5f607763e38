/** A table as the reports show it and export it: a header row, then rows of cells. */
export interface ReportTable {
  /** The file's name without `.csv`. */
  name: string;
  head: readonly string[];
  rows: ReadonlyArray<ReadonlyArray<string | number>>;
}

/**
 * One cell as RFC 4180 writes it, quoted when it holds a comma, quote or line break; a text
 * that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is kept as text with a
 * leading `'` (OWASP, "CSV injection"). Numbers stay numbers.
 */
function cell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A table as CSV text, lines ending in CRLF.
 * @example toCsv({ name: 'x', head: ['a', 'b'], rows: [[1, 'x,y']] }) // 'a,b\r\n1,"x,y"\r\n'
 */
export function toCsv(table: ReportTable): string {
  return [table.head, ...table.rows].map((row) => `${row.map(cell).join(',')}\r\n`).join('');
}
