import type { VisitorRef } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { isAdmin } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import { type VisitorLabel, visitorKey } from '../app/records-state.js';
import { StartDialog } from './start-dialog.js';
import { VisitorAdmin } from './visitor-admin.js';
import { VisitorHistory } from './visitor-history.js';

export interface VisitorRecordsProps {
  state: DeskState;
  visitor: VisitorRef;
  label: VisitorLabel;
  /** The visitor's name as shown, or "Visitor". */
  name: string;
  /** The conversation shown beside it. */
  current: string;
  /** Offer to start a conversation with them (issue 15, item 5): the one shown has ended. */
  canStart?: boolean;
}

/** "Start a conversation" with the visitor, and its dialog. */
function StartConversation({ visitor, name }: { visitor: VisitorRef; name: string }) {
  const { t } = useDesk();
  const [starting, setStarting] = useState(false);
  return (
    <div class="visitor__actions">
      <button
        type="button"
        class="button button--small"
        aria-label={t('start.openLabel', { name })}
        onClick={() => setStarting(true)}
      >
        {t('start.open')}
      </button>
      {starting ? <StartDialog visitor={visitor} name={name} onClose={() => setStarting(false)} /> : null}
    </div>
  );
}

/** What the records hold of a visitor, beside one of their conversations: the others, and (admins) their data. */
export function VisitorRecords({ state, visitor, label, name, current, canStart }: VisitorRecordsProps) {
  const key = visitorKey(visitor);
  const erased = state.records.erased[key] === true;
  return (
    <>
      {canStart && !erased ? <StartConversation visitor={visitor} name={name} /> : null}
      {isAdmin(state) ? <VisitorAdmin visitor={visitor} name={name} erased={erased} /> : null}
      <VisitorHistory visitor={visitor} label={label} list={state.records.histories[key]} current={current} />
    </>
  );
}
