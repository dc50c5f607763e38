import type { VisitorRef } from '@parley/protocol';
import { isAdmin } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import { type VisitorLabel, visitorKey } from '../app/records-state.js';
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
}

/** What the records hold of a visitor, beside one of their conversations: the others, and (admins) their data. */
export function VisitorRecords({ state, visitor, label, name, current }: VisitorRecordsProps) {
  const key = visitorKey(visitor);
  return (
    <>
      {isAdmin(state) ? (
        <VisitorAdmin visitor={visitor} name={name} erased={state.records.erased[key] === true} />
      ) : null}
      <VisitorHistory visitor={visitor} label={label} list={state.records.histories[key]} current={current} />
    </>
  );
}
