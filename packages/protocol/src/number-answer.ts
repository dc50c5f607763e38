/** A decimal number as people write it: optionally signed, a point or a comma. */
const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/**
 * Whether an answer to a `number` field of a bot's inline form (issue 14) is a number. Its own
 * module, free of schemas, so the widget's rich-message chunk checks with it cheaply; the server
 * checks again as it stores the answer.
 * @example isNumberAnswer('12,5') // true
 */
export function isNumberAnswer(value: string): boolean {
  return NUMBER.test(value.trim());
}
