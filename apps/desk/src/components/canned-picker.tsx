import { type CannedResponse, fillPlaceholders, type PlaceholderValues } from '@parley/protocol';
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { useTools } from '../app/tools-context.js';

/** What the reply box knows for its canned responses: the chat's site and the placeholders' values. */
export interface CannedContext {
  siteKey: string;
  values: PlaceholderValues;
}

/** The canned responses of a site whose title or text holds every word of the query. */
export function matchCanned(
  all: readonly CannedResponse[],
  siteKey: string,
  query: string,
): CannedResponse[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return all.filter((canned) => {
    if (canned.siteKey !== siteKey) return false;
    const haystack = `${canned.title}\n${canned.text}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** The query a reply box's text asks for: what follows a leading `/` on one line; null otherwise. */
export const cannedQuery = (text: string): string | null => (/^\/[^\n]*$/.test(text) ? text.slice(1) : null);

export interface CannedPicker {
  /** Spread on the textarea: it stays a textbox, with a listbox of suggestions it controls. */
  inputProps: {
    'aria-autocomplete': 'list';
    'aria-controls'?: string;
    'aria-activedescendant'?: string;
  };
  /** Call first in the textarea's keydown: true when the picker used the key. */
  onKeyDown(event: KeyboardEvent): boolean;
  /** The listbox (and its status line), or nothing while closed. */
  list: JSX.Element | null;
}

/**
 * Canned responses in the reply box (issue 15): typing `/` then words lists the matching ones
 * in a listbox under the box; arrows choose, Enter or a click puts the chosen text (its
 * placeholders filled) in the box for the agent to read and send, Escape closes. The textbox
 * keeps focus throughout (`aria-activedescendant`), as the WAI-ARIA combobox pattern has it:
 * https://www.w3.org/WAI/ARIA/apg/patterns/combobox/
 */
export function useCannedPicker(
  text: string,
  setText: (text: string) => void,
  context: CannedContext | undefined,
): CannedPicker {
  const { t } = useDesk();
  const { canned } = useTools();
  const id = useId();
  const [active, setActive] = useState(0);
  const [closedFor, setClosedFor] = useState<string | null>(null);
  const query = cannedQuery(text);
  const open = context !== undefined && query !== null && closedFor !== text && canned.length > 0;
  const matches = open ? matchCanned(canned, context.siteKey, query) : [];
  const current = Math.min(active, Math.max(matches.length - 1, 0));
  const optionId = (index: number) => `${id}-option-${index}`;

  const choose = (choice: CannedResponse | undefined) => {
    if (!choice || !context) return;
    setText(fillPlaceholders(choice.text, context.values));
    setActive(0);
  };

  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (!open) return false;
    if (event.key === 'Escape') {
      setClosedFor(text);
    } else if (event.key === 'ArrowDown' && matches.length > 0) {
      setActive((current + 1) % matches.length);
    } else if (event.key === 'ArrowUp' && matches.length > 0) {
      setActive((current - 1 + matches.length) % matches.length);
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && matches.length > 0) {
      choose(matches[current]);
    } else {
      if (event.key.length === 1 || event.key === 'Backspace') setActive(0);
      return false;
    }
    event.preventDefault();
    return true;
  };

  const list = open ? (
    <div class="canned">
      <p class="sr-only" role="status">
        {matches.length > 0 ? t('canned.count', { count: matches.length }) : t('canned.none')}
      </p>
      {matches.length > 0 ? (
        <div id={`${id}-list`} class="canned__list" role="listbox" aria-label={t('canned.label')}>
          {matches.map((choice, index) => (
            // The textbox keeps focus (tabIndex -1: out of the tab order); a click picks as Enter does.
            // biome-ignore lint/a11y/useKeyWithClickEvents: keys reach it through the textbox (aria-activedescendant)
            <div
              key={choice.id}
              id={optionId(index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === current}
              class={index === current ? 'canned__option canned__option--active' : 'canned__option'}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(choice)}
            >
              <span class="canned__title">{choice.title}</span>
              <span class="canned__text">{choice.text}</span>
            </div>
          ))}
        </div>
      ) : (
        <p class="canned__none">{t('canned.none')}</p>
      )}
    </div>
  ) : null;

  return {
    inputProps: {
      'aria-autocomplete': 'list' as const,
      ...(open && matches.length > 0
        ? { 'aria-controls': `${id}-list`, 'aria-activedescendant': optionId(current) }
        : {}),
    },
    onKeyDown,
    list,
  };
}
