import { describe, expect, it } from 'vitest';
import { toCsv } from './report-csv.js';

describe('toCsv', () => {
  it('writes a header and rows, quoting what needs it and keeping formulas as text', () => {
    const csv = toCsv({
      name: 'ratings',
      head: ['Name', 'Score'],
      rows: [
        ['Ada', 4.5],
        ['Smith, "Bob"', -100],
        ['=HYPERLINK("x")', 0],
        ['two\nlines', 1],
      ],
    });
    expect(csv).toBe(
      'Name,Score\r\nAda,4.5\r\n"Smith, ""Bob""",-100\r\n"\'=HYPERLINK(""x"")",0\r\n"two\nlines",1\r\n',
    );
  });
});
