import { fillPlaceholders, type PlaceholderValues } from '@parley/protocol';

export type TranslationParams = PlaceholderValues;

/**
 * A `t(key, params)` over one dictionary: looks a key up and fills its `{placeholders}`
 * (`fillPlaceholders`: one without a value stays visible as `{name}`).
 * @example createTranslate({ 'status.assigned': '{name} joined the chat' })('status.assigned', { name: 'Ada' }) // 'Ada joined the chat'
 */
export function createTranslate<K extends string>(
  dictionary: Readonly<Record<K, string>>,
): (key: K, params?: TranslationParams) => string {
  return (key, params) => fillPlaceholders(dictionary[key], params);
}
