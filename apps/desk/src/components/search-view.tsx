import { useEffect } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import type { DeskState } from '../app/desk-state.js';
import { errorText } from '../i18n/error-text.js';
import { SEARCH_PAGE, SearchForm } from './search-form.js';
import { SearchHitCard } from './search-hit.js';

/** How many were found, said once the answer is in. */
function countText(total: number, t: ReturnType<typeof useDesk>['t']): string {
  if (total === 0) return t('search.none');
  return total === 1 ? t('search.one') : t('search.many', { count: total });
}

/**
 * Finds conversations in the records (those the agent may read): the search form, the hits with
 * the matched words highlighted, and pages of them. Opened with nothing asked, it lists the
 * newest conversations.
 */
export function SearchView({ state }: { state: DeskState }) {
  const { t, commands } = useDesk();
  const { search } = state.records;
  const { query } = search;

  useEffect(() => {
    if (!query) commands.search({ text: '', limit: SEARCH_PAGE, offset: 0 });
  }, [query, commands]);

  const offset = query?.offset ?? 0;
  const page = (at: number) => query && commands.search({ ...query, offset: at });
  const shown = search.hits.length;
  return (
    <section class="page" aria-labelledby="desk-search-title">
      <h2 id="desk-search-title" class="page__title">
        {t('search.title')}
      </h2>
      <SearchForm query={query} directory={state.directory} />
      <p class="search__count" role="status">
        {search.asking !== undefined
          ? t('search.searching')
          : query && !search.error
            ? countText(search.total, t)
            : ''}
      </p>
      {search.error ? (
        <p class="dialog__error" role="alert">
          {errorText(search.error, t)}
        </p>
      ) : null}
      {shown > 0 ? (
        <ol class="cards" aria-label={t('search.results')}>
          {search.hits.map((hit) => (
            <SearchHitCard key={hit.session.id} state={state} hit={hit} />
          ))}
        </ol>
      ) : null}
      {search.total > SEARCH_PAGE ? (
        <nav class="pager" aria-label={t('search.pages')}>
          <button
            type="button"
            class="button button--small"
            disabled={offset === 0}
            onClick={() => page(Math.max(0, offset - SEARCH_PAGE))}
          >
            {t('search.previous')}
          </button>
          <span>{t('search.range', { first: offset + 1, last: offset + shown, total: search.total })}</span>
          <button
            type="button"
            class="button button--small"
            disabled={offset + shown >= search.total}
            onClick={() => page(offset + SEARCH_PAGE)}
          >
            {t('search.next')}
          </button>
        </nav>
      ) : null}
    </section>
  );
}
