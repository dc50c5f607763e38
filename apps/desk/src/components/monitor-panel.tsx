import type { Directory, SessionSync } from '@parley/protocol';
import { useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { feedbackScaleOf } from '../app/desk-selectors.js';
import type { DeskError, DeskState } from '../app/desk-state.js';
import { errorText } from '../i18n/error-text.js';
import { visitorName } from './names.js';
import { SessionLog } from './session-log.js';
import { WhisperNotes } from './whisper-notes.js';

/**
 * A chat monitored silently (issue 15): its log, live and read-only; a whisper to its agent; take
 * over, or give it to a colleague of its site. Nothing here reaches the visitor or the bot.
 */
export function MonitorPanel({ state, monitor }: { state: DeskState; monitor: SessionSync }) {
  const { t, commands } = useDesk();
  const { session, events } = monitor;
  const name = visitorName(session, t);
  const agentId = session.handler?.kind === 'agent' ? session.handler.id : undefined;
  const agentName = state.directory.agents.find((a) => a.id === agentId)?.name ?? agentId;
  return (
    <section class="monitor" aria-labelledby="desk-monitor-title">
      <div class="page__head">
        <h3 id="desk-monitor-title" class="page__title">
          {t('monitor.title', { name })}
        </h3>
        <button type="button" class="button button--small" onClick={() => commands.stopMonitoring()}>
          {t('monitor.stop')}
        </button>
      </div>
      <p class="notice">{t('monitor.silent')}</p>
      <SessionLog
        events={events}
        label={t('monitor.log', { name })}
        visitor={name}
        scale={feedbackScaleOf(state, session.siteKey)}
      />
      <WhisperNotes notes={state.supervision.notes[session.id]} />
      <div class="monitor__actions">
        {agentId && agentName ? <WhisperForm sessionId={session.id} agentName={agentName} /> : null}
        <button type="button" class="button" onClick={() => commands.takeOver(session.id)}>
          {t('monitor.takeOver')}
        </button>
        <ReassignForm
          sessionId={session.id}
          siteKey={session.siteKey}
          current={agentId}
          directory={state.directory}
        />
      </div>
    </section>
  );
}

function WhisperForm({ sessionId, agentName }: { sessionId: string; agentName: string }) {
  const { t, commands } = useDesk();
  const id = useId();
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<{ error?: DeskError; sent?: boolean }>({});
  return (
    <form
      class="whisper-form"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!text.trim()) return;
        const result = await commands.whisper(sessionId, text.trim());
        if (result.ok) setText('');
        setOutcome(result.ok ? { sent: true } : { error: result.error });
      }}
    >
      <label class="field__label" for={id}>
        {t('monitor.whisper', { name: agentName })}
      </label>
      <textarea
        id={id}
        class="field__input"
        rows={2}
        value={text}
        aria-describedby={`${id}-hint`}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <p id={`${id}-hint`} class="field__hint">
        {t('monitor.whisperHint')}
      </p>
      <button type="submit" class="button button--primary button--small">
        {t('monitor.send')}
      </button>
      <p class={outcome.error ? 'dialog__error' : 'field__hint'} role="status">
        {outcome.error ? errorText(outcome.error, t) : outcome.sent ? t('monitor.sent') : ''}
      </p>
    </form>
  );
}

function ReassignForm({
  sessionId,
  siteKey,
  current,
  directory,
}: {
  sessionId: string;
  siteKey: string;
  current: string | undefined;
  directory: Directory;
}) {
  const { t, commands } = useDesk();
  const id = useId();
  const others = directory.agents.filter((a) => a.id !== current && (!a.sites || a.sites.includes(siteKey)));
  const [agent, setAgent] = useState(others[0]?.id ?? '');
  if (others.length === 0) return null;
  return (
    <form
      class="reassign-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (agent) commands.reassign(sessionId, agent);
      }}
    >
      <label class="field__label" for={id}>
        {t('monitor.reassign')}
      </label>
      <select
        id={id}
        class="field__input"
        value={agent}
        onChange={(event) => setAgent(event.currentTarget.value)}
      >
        {others.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
      <button type="submit" class="button button--small">
        {t('monitor.reassignSubmit')}
      </button>
    </form>
  );
}
