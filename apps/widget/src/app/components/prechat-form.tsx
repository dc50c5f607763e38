import type { FormField } from '@parley/protocol';
import { useChat } from '../chat-context.js';
import { FieldsForm } from './fields-form.js';

/**
 * The site's pre-chat form, before a session opens; the answers open it (and are kept for the
 * visitor's next sessions, so it is asked once).
 */
export function PrechatForm({ fields }: { fields: readonly FormField[] }) {
  const { t, commands } = useChat();
  return (
    <FieldsForm
      id="parley-prechat"
      title={t('prechat.title')}
      submitLabel={t('prechat.submit')}
      fields={fields}
      onSubmit={commands.submitPrechat}
    />
  );
}
