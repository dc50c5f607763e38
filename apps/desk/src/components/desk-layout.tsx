import type { AgentProfile } from '@parley/protocol';
import { useDesk } from '../app/desk-context.js';
import { agentIdOf } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import { AuditView } from './audit-view.js';
import { ChatView } from './chat-view.js';
import { ErrorBanner } from './error-banner.js';
import { OfflineView } from './offline-view.js';
import { PreviewDialog } from './preview-dialog.js';
import { QueueView } from './queue-view.js';
import { LazyReports } from './reports/lazy-reports.js';
import { SearchView } from './search-view.js';
import { Sidebar } from './sidebar.js';
import { SupervisorView } from './supervisor-view.js';
import { TopBar } from './top-bar.js';
import { TranscriptDialog } from './transcript-dialog.js';

export interface DeskLayoutProps {
  state: DeskState;
  agent: AgentProfile;
}

function MainView({ state }: { state: DeskState }) {
  switch (state.view.kind) {
    case 'queue':
      return <QueueView state={state} />;
    case 'offline':
      return (
        <OfflineView
          entries={state.offline}
          email={state.email}
          agents={state.directory.agents}
          agentId={agentIdOf(state) ?? ''}
        />
      );
    case 'chat':
      return <ChatView key={state.view.sessionId} state={state} sessionId={state.view.sessionId} />;
    case 'search':
      return <SearchView state={state} />;
    case 'audit':
      return <AuditView state={state} />;
    case 'reports':
      return <LazyReports state={state} />;
    case 'team':
      return <SupervisorView state={state} />;
  }
}

/** The logged-in desk: top bar, the lists on the side, and the queue, offline list, a chat, the search or the audit log. */
export function DeskLayout({ state, agent }: DeskLayoutProps) {
  const { t } = useDesk();
  return (
    <div class="desk">
      <a class="skip-link" href="#desk-main">
        {t('nav.skip')}
      </a>
      <TopBar state={state} agent={agent} />
      <ErrorBanner connectionError={state.connectionError} error={state.error} />
      <div class="desk__body">
        <Sidebar state={state} agent={agent} />
        <main id="desk-main" class="desk__main" tabIndex={-1}>
          <MainView state={state} />
        </main>
      </div>
      {state.preview ? <PreviewDialog state={state} preview={state.preview} /> : null}
      {state.records.transcript ? <TranscriptDialog state={state} view={state.records.transcript} /> : null}
    </div>
  );
}
