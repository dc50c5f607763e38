import type { Author } from '@parley/protocol';
import type { TranslationKey } from '../i18n/en.js';
import type { Translate } from '../i18n/translate.js';

const ROLE_NAMES: Record<Author['role'], TranslationKey> = {
  visitor: 'message.you',
  bot: 'author.bot',
  agent: 'author.agent',
  system: 'author.system',
};

/** The name to show for an author: their own, or their role's. The visitor is always "You". */
export function authorName(author: Author, t: Translate): string {
  if (author.role === 'visitor') return t('message.you');
  return author.name || t(ROLE_NAMES[author.role]);
}
