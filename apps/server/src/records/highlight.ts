import type { HighlightSegment } from './records-store.js';

/**
 * ts_headline marks the words it found with these, and `toSegments` splits on them. Control
 * characters, which the store strips from the text before ts_headline sees it: so a marker in
 * the output can only be one ts_headline put there, and no markup is ever made from input.
 */
export const MATCH_START = '\u0001';
export const MATCH_STOP = '\u0002';

/**
 * ts_headline's options: one excerpt of 15 to 35 words around the best match (a short message
 * whole). ts_headline's parser drops what looks like an HTML tag from the excerpt.
 */
export const HEADLINE_OPTIONS = [
  `StartSel=${MATCH_START}`,
  `StopSel=${MATCH_STOP}`,
  'MaxWords=35',
  'MinWords=15',
].join(', ');

/**
 * Splits a headline into runs of plain and matched text, dropping empty runs and joining
 * neighbours of the same kind.
 * @example toSegments('a \u0001refund\u0002 now') // [{ text: 'a ', match: false }, { text: 'refund', match: true }, { text: ' now', match: false }]
 */
export function toSegments(headline: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  let match = false;
  let text = '';
  const flush = () => {
    if (text === '') return;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
    text = '';
  };
  for (const char of headline) {
    if (char === MATCH_START || char === MATCH_STOP) {
      flush();
      match = char === MATCH_START;
    } else {
      text += char;
    }
  }
  flush();
  return segments;
}
