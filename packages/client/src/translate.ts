export type TranslationParams = Record<string, string | number>;

/**
 * A `t(key, params)` over one dictionary: looks a key up and fills its `{placeholders}`. A
 * placeholder without a value stays visible as `{name}`, which a test or a translator notices,
 * rather than vanishing.
 * @example createTranslate({ 'status.assigned': '{name} joined the chat' })('status.assigned', { name: 'Ada' }) // 'Ada joined the chat'
 */
export function createTranslate<K extends string>(
  dictionary: Readonly<Record<K, string>>,
): (key: K, params?: TranslationParams) => string {
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      params && name in params ? String(params[name]) : placeholder,
    );
}
