/**
 * The pure reducer of the desk's records state (`records-state.ts`): pages kept in order, each
 * item once, answers to older requests dropped. `deskReducer` runs it on every action.
 */
import type { VisitorRef } from '@parley/protocol';
import type { DeskError } from './desk-state.js';
import {
  type Asking,
  emptyList,
  type PagedList,
  type RecordsAction,
  type RecordsState,
  visitorKey,
} from './records-state.js';

const asked = <T>(list: PagedList<T>, asking: Asking): PagedList<T> => {
  const { error: _, ...rest } = list;
  return { ...rest, asking };
};

/** A page's answer to the request on its way: after the items shown, or in their place. */
function answered<T>(
  list: PagedList<T>,
  request: number,
  idOf: (item: T) => string,
  page: { items: T[]; next: string | null } | undefined,
  error: DeskError | undefined,
): PagedList<T> {
  if (list.asking?.request !== request) return list;
  const { asking, error: _, ...rest } = list;
  if (!page) return { ...rest, ...(error ? { error } : {}) };
  const kept = asking.more ? list.items : [];
  // An item can move between pages while they load (it changed): listed once, where seen first.
  const known = new Set(kept.map(idOf));
  return {
    items: [...kept, ...page.items.filter((item) => !known.has(idOf(item)))],
    next: page.next,
    loaded: true,
  };
}

/** What the desk still shows of an erased visitor goes: their name on a transcript, their search hits. */
function withoutVisitor(state: RecordsState, visitor: VisitorRef): RecordsState {
  const key = visitorKey(visitor);
  let next = state;
  const shown = state.transcript;
  if (shown?.visitor && shown.transcript && visitorKey(shown.transcript.session) === key) {
    const { visitor: _, ...transcript } = shown;
    next = { ...next, transcript };
  }
  const hits = state.search.hits.filter((hit) => visitorKey(hit.session) !== key);
  if (hits.length !== state.search.hits.length) {
    const total = state.search.total - (state.search.hits.length - hits.length);
    next = { ...next, search: { ...state.search, hits, total } };
  }
  return next;
}

export function recordsReducer(state: RecordsState, action: RecordsAction): RecordsState {
  switch (action.type) {
    case 'search.asked': {
      const { error: _, ...search } = state.search;
      return { ...state, search: { ...search, query: action.query, asking: action.request } };
    }
    case 'search.answered': {
      if (state.search.asking !== action.request) return state;
      const { asking: _, error: __, ...search } = state.search;
      const { page, error } = action;
      return {
        ...state,
        search: page
          ? { ...search, hits: page.hits, total: page.total }
          : { ...search, ...(error ? { error } : {}) },
      };
    }
    case 'transcript': {
      const { view } = action;
      if (!view) {
        const { transcript: _, ...rest } = state;
        return rest;
      }
      const answer = view.transcript !== undefined || view.error !== undefined;
      if (answer && state.transcript?.sessionId !== view.sessionId) return state;
      // An answer keeps the visitor's name given when it was opened.
      const visitor = view.visitor ?? state.transcript?.visitor;
      return { ...state, transcript: { ...view, ...(visitor ? { visitor } : {}) } };
    }
    case 'history.asked': {
      const list = state.histories[action.visitor] ?? emptyList();
      const asking = { request: action.request, more: action.more };
      return { ...state, histories: { ...state.histories, [action.visitor]: asked(list, asking) } };
    }
    case 'history.answered': {
      const list = state.histories[action.visitor];
      if (!list) return state;
      const page = action.page ? { items: action.page.sessions, next: action.page.next } : undefined;
      const next = answered(list, action.request, (session) => session.id, page, action.error);
      return next === list ? state : { ...state, histories: { ...state.histories, [action.visitor]: next } };
    }
    case 'audit.asked':
      return { ...state, audit: asked(state.audit, { request: action.request, more: action.more }) };
    case 'audit.answered': {
      const page = action.page ? { items: action.page.entries, next: action.page.next } : undefined;
      const audit = answered(state.audit, action.request, (entry) => entry.id, page, action.error);
      return audit === state.audit ? state : { ...state, audit };
    }
    case 'erased':
      return withoutVisitor(
        { ...state, erased: { ...state.erased, [visitorKey(action.visitor)]: true } },
        action.visitor,
      );
  }
}
