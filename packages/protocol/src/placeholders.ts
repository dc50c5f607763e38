export type PlaceholderValues = Record<string, string | number>;

/**
 * Fills `{name}` placeholders (widget texts, session templates' welcome). A placeholder without
 * a value stays visible as `{name}`, which a test or a translator notices, rather than vanishing.
 * Names may be dotted (`{visitor.name}`, canned responses in the desk).
 * @example fillPlaceholders('Hi {name}', { name: 'Ada' }) // 'Hi Ada'
 */
export function fillPlaceholders(text: string, values: PlaceholderValues | undefined): string {
  return text.replace(/\{([\w.]+)\}/g, (placeholder, name: string) =>
    values && Object.hasOwn(values, name) ? String(values[name]) : placeholder,
  );
}
