/**
 * What the desk reads from the records (issue 12): the search, a transcript, each visitor's
 * conversations, the audit log, and the visitors erased from here. Part of `DeskState`
 * (`records`); `records-reducer` changes it, `records-commands` asks the server for it.
 */
import type {
  AuditEntry,
  AuditPage,
  ConversationRecord,
  HistoryPage,
  SearchHit,
  SearchInput,
  SearchPage,
  Transcript,
  VisitorRef,
} from '@parley/protocol';
import type { DeskError } from './desk-state.js';

/**
 * The key of a visitor's entries in the state.
 * @example visitorKey({ siteKey: 'demo', visitorId: 'v1' }) // 'demo/v1'
 */
export const visitorKey = ({ siteKey, visitorId }: VisitorRef): string => `${siteKey}/${visitorId}`;

/** A request on its way; an answer to an older one is dropped. */
export interface Asking {
  request: number;
  /** The next page (kept after what is shown), or a fresh first page (in place of it). */
  more: boolean;
}

/** A list the records give a page at a time (`next` continues it), newest first. */
export interface PagedList<T> {
  items: T[];
  /** The next page's cursor; null at the end. */
  next: string | null;
  /** A page has come: an empty list then means there is none. */
  loaded: boolean;
  asking?: Asking;
  error?: DeskError;
}

export interface SearchState {
  /** What the hits answer: the query last asked (its `offset` is the page shown). */
  query?: SearchInput;
  hits: SearchHit[];
  /** How many conversations match in all, across pages. */
  total: number;
  asking?: number;
  error?: DeskError;
}

/** Who a conversation's visitor is, as the place it was opened from knew (records keep no name on it). */
export interface VisitorLabel {
  name: string | null;
  email: string | null;
}

/** A whole conversation from the records, read-only (a dialog): loading, shown, or why not. */
export interface TranscriptView {
  sessionId: string;
  visitor?: VisitorLabel;
  transcript?: Transcript;
  error?: DeskError;
}

export interface RecordsState {
  search: SearchState;
  transcript?: TranscriptView;
  /** Each visitor's conversations (the visitor panel), by `visitorKey`. */
  histories: Record<string, PagedList<ConversationRecord>>;
  /** Admins: the audit log. */
  audit: PagedList<AuditEntry>;
  /** Visitors erased from this desk, by `visitorKey`: whatever still shows of them says so. */
  erased: Record<string, true>;
}

export type RecordsAction =
  | { type: 'search.asked'; request: number; query: SearchInput }
  | { type: 'search.answered'; request: number; page?: SearchPage; error?: DeskError }
  /** Opens (no transcript nor error yet), answers (only the one open), or closes (none). */
  | { type: 'transcript'; view?: TranscriptView }
  | { type: 'history.asked'; visitor: string; request: number; more: boolean }
  | { type: 'history.answered'; visitor: string; request: number; page?: HistoryPage; error?: DeskError }
  | { type: 'audit.asked'; request: number; more: boolean }
  | { type: 'audit.answered'; request: number; page?: AuditPage; error?: DeskError }
  /** An admin erased a visitor here: the desk forgets what it shows of them. */
  | { type: 'erased'; visitor: VisitorRef };

export const emptyList = <T>(): PagedList<T> => ({ items: [], next: null, loaded: false });

export function initialRecordsState(): RecordsState {
  return { search: { hits: [], total: 0 }, histories: {}, audit: emptyList(), erased: {} };
}
