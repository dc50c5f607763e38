/**
 * Whether a text may hold formatting or a link: a marker character, a URL scheme or a list
 * line. False means `parseMarkup` would return the text as one plain paragraph, so the widget
 * shows it as it is without loading the renderer; true may still be plain (`2*3*4`).
 * Kept apart from the parser so that importing it costs a few bytes.
 * @example hasMarkup('Hello there') // false
 * @example hasMarkup('see https://example.com') // true
 */
export function hasMarkup(text: string): boolean {
  return /[*_`[]|https?:\/\/|mailto:|^ {0,3}(?:[-+]|\d{1,9}[.)]) /im.test(text);
}
