import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useDesk } from '../../app/desk-context.js';
import type { DeskState } from '../../app/desk-state.js';
import type { ReportsViewProps } from './reports-view.js';

let loading: Promise<ComponentType<ReportsViewProps>> | undefined;

/**
 * The Reports view, fetched the first time it is opened: uPlot and the view are a chunk of their
 * own (`build.mjs`, splitting), so the desk's start-up script does not carry them.
 */
export function LazyReports({ state }: { state: DeskState }) {
  const { t } = useDesk();
  const [view, setView] = useState<{ View: ComponentType<ReportsViewProps> } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loading ??= import('./reports-view.js').then((module) => module.ReportsView);
    loading.then(
      (View) => live && setView({ View }),
      (error: unknown) => {
        // A failed chunk (the server restarted with a new build, the network dropped) is tried
        // again the next time the view opens.
        loading = undefined;
        if (live) setFailure(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      live = false;
    };
  }, []);
  if (view) return <view.View state={state} />;
  return (
    <section class="page" aria-labelledby="desk-reports-title">
      <h2 id="desk-reports-title" class="page__title">
        {t('reports.title')}
      </h2>
      <p class={failure ? 'dialog__error' : 'empty'} role={failure ? 'alert' : 'status'}>
        {failure ? t('reports.loadFailed', { reason: failure }) : t('reports.loading')}
      </p>
    </section>
  );
}
