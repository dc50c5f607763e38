import type { VisitorRef } from '@parley/protocol';
import { useId } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { ErrorAlert } from './error-alert.js';
import { Modal } from './modal.js';
import { useDialogAction } from './use-dialog-action.js';

export interface EraseDialogProps {
  visitor: VisitorRef;
  /** The visitor's name as shown, or "Visitor". */
  name: string;
  onClose(): void;
}

/**
 * Asks before erasing a visitor, naming what goes and what stays; stays open with the reason
 * when the server refuses, and closes once they are erased.
 */
export function EraseDialog({ visitor, name, onClose }: EraseDialogProps) {
  const { t, commands } = useDesk();
  const id = useId();
  const { busy, error, run } = useDialogAction(onClose);

  return (
    <Modal titleId={`${id}-title`} onClose={onClose}>
      <form
        class="dialog"
        aria-describedby={`${id}-what`}
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => commands.eraseVisitor(visitor));
        }}
      >
        <h2 id={`${id}-title`} class="dialog__title">
          {t('erase.title', { name })}
        </h2>
        <div id={`${id}-what`} class="erase">
          <p>{t('erase.intro')}</p>
          <ul>
            <li>{t('erase.messages')}</li>
            <li>{t('erase.profile')}</li>
            <li>{t('erase.access')}</li>
          </ul>
          <p>{t('erase.kept')}</p>
          <p class="erase__final">{t('erase.final')}</p>
        </div>
        <ErrorAlert error={error} />
        <div class="dialog__actions">
          <button type="button" class="button" onClick={onClose}>
            {t('erase.cancel')}
          </button>
          <button type="submit" class="button button--danger-solid" disabled={busy}>
            {busy ? t('erase.busy') : t('erase.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
