import type { FormField, FormFields, IdentifiedUser } from '@parley/protocol';
import { useChat } from '../chat-context.js';
import type { Submission } from '../chat-reducer.js';
import { FieldsForm } from './fields-form.js';
import { offlinePrefill } from './offline-prefill.js';

export interface OfflineFormProps {
  sessionId: string;
  /** The site's fields (`SiteInfo.offlineForm`). */
  fields: readonly FormField[];
  submission: Submission | undefined;
  /** What the visitor told already (pre-chat answers, `identify`): filled in for them. */
  prechat: FormFields | undefined;
  user: IdentifiedUser | undefined;
}

/** "Leave a message" when nobody can chat; sent with the session it belongs to. */
export function OfflineForm({ sessionId, fields, submission, prechat, user }: OfflineFormProps) {
  const { t, commands } = useChat();
  return (
    <FieldsForm
      id="parley-offline"
      title={t('offline.title')}
      submitLabel={t('offline.submit')}
      fields={fields}
      initial={offlinePrefill(fields, prechat, user)}
      submission={submission}
      onSubmit={(answers) => commands.submitOffline(sessionId, answers)}
    />
  );
}
