import type { VisitorRef } from '@parley/protocol';
import { useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import type { DeskError } from '../app/desk-state.js';
import { errorText } from '../i18n/error-text.js';
import { EraseDialog } from './erase-dialog.js';

export interface VisitorAdminProps {
  visitor: VisitorRef;
  /** The visitor's name as shown, or "Visitor". */
  name: string;
  /** Erased from this desk already: said so, nothing more to do. */
  erased: boolean;
}

/**
 * Admins only (the caller checks): export everything kept about the visitor as a JSON file, or
 * erase them after a confirmation.
 */
export function VisitorAdmin({ visitor, name, erased }: VisitorAdminProps) {
  const { t, commands } = useDesk();
  const id = useId();
  const [exporting, setExporting] = useState(false);
  const [done, setDone] = useState('');
  const [error, setError] = useState<DeskError | undefined>();
  const [erasing, setErasing] = useState(false);

  const exportData = async () => {
    setExporting(true);
    setError(undefined);
    setDone('');
    const result = await commands.exportVisitor(visitor);
    setExporting(false);
    if (result.ok) setDone(t('admin.exported', { file: result.value.fileName }));
    else setError(result.error);
  };

  return (
    <section class="visitor__section" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} class="visitor__subtitle">
        {t('admin.title')}
      </h4>
      {erased ? (
        <p class="visitor__note">{t('admin.erased')}</p>
      ) : (
        <div class="visitor__actions">
          <button
            type="button"
            class="button button--small"
            disabled={exporting}
            onClick={() => void exportData()}
          >
            {exporting ? t('admin.exporting') : t('admin.export')}
          </button>
          <button type="button" class="button button--small button--danger" onClick={() => setErasing(true)}>
            {t('admin.erase')}
          </button>
        </div>
      )}
      <p class="visitor__note" role="status">
        {done}
      </p>
      {error ? (
        <p class="dialog__error" role="alert">
          {errorText(error, t)}
        </p>
      ) : null}
      {erasing ? <EraseDialog visitor={visitor} name={name} onClose={() => setErasing(false)} /> : null}
    </section>
  );
}
