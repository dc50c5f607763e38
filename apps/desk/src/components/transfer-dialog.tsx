import type { AgentTransferInput, Directory, Presence } from '@parley/protocol';
import { useId, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { ErrorAlert } from './error-alert.js';
import { Field } from './field.js';
import { Modal } from './modal.js';
import { presenceName } from './names.js';
import { useDialogAction } from './use-dialog-action.js';

type Target = 'queue' | 'team' | 'agent' | 'skills';

export interface TransferDialogProps {
  sessionId: string;
  /** The agent transferring: not offered as a colleague to transfer to. */
  agentId: string;
  directory: Directory;
  team: Record<string, Presence>;
  onClose(): void;
}

const TARGETS: Target[] = ['queue', 'team', 'agent', 'skills'];

/**
 * Sends the chat to a queue (human or bot), a team, a colleague, or whoever has some skills.
 * Stays open with the reason when the server refuses; closes when the chat has moved.
 */
export function TransferDialog({ sessionId, agentId, directory, team, onClose }: TransferDialogProps) {
  const { t, commands } = useDesk();
  const id = useId();
  const colleagues = directory.agents.filter((agent) => agent.id !== agentId);
  const [target, setTarget] = useState<Target>('queue');
  const [queue, setQueue] = useState(directory.queues[0]?.id ?? '');
  const [teamId, setTeamId] = useState(directory.teams[0] ?? '');
  const [agent, setAgent] = useState(colleagues[0]?.id ?? '');
  const [skills, setSkills] = useState<string[]>([]);
  const { busy, error, run } = useDialogAction(onClose);

  const input = (): AgentTransferInput | undefined => {
    if (target === 'queue') return queue ? { sessionId, queue } : undefined;
    if (target === 'team') return teamId ? { sessionId, team: teamId } : undefined;
    if (target === 'agent') return agent ? { sessionId, agent } : undefined;
    return skills.length > 0 ? { sessionId, skills } : undefined;
  };

  const submit = async () => {
    const payload = input();
    if (payload) await run(() => commands.transfer(payload));
  };

  return (
    <Modal titleId={`${id}-title`} onClose={onClose}>
      <form
        class="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id={`${id}-title`} class="dialog__title">
          {t('transfer.title')}
        </h2>
        <fieldset class="dialog__group">
          <legend>{t('transfer.to')}</legend>
          {TARGETS.map((option) => (
            <label key={option} class="choice">
              <input
                type="radio"
                name={`${id}-target`}
                value={option}
                checked={target === option}
                onChange={() => setTarget(option)}
              />
              {t(`transfer.kind.${option}`)}
            </label>
          ))}
        </fieldset>
        {target === 'queue' ? (
          <Field id={`${id}-queue`} label={t('transfer.queue')}>
            <select
              id={`${id}-queue`}
              class="field__input"
              value={queue}
              onChange={(event) => setQueue(event.currentTarget.value)}
            >
              {directory.queues.map((option) => (
                <option key={option.id} value={option.id}>
                  {t(option.kind === 'bot' ? 'transfer.botQueue' : 'transfer.humanQueue', {
                    name: option.name,
                  })}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {target === 'team' ? (
          <Field id={`${id}-team`} label={t('transfer.team')}>
            <select
              id={`${id}-team`}
              class="field__input"
              value={teamId}
              onChange={(event) => setTeamId(event.currentTarget.value)}
            >
              {directory.teams.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {target === 'agent' ? (
          <Field id={`${id}-agent`} label={t('transfer.agent')}>
            <select
              id={`${id}-agent`}
              class="field__input"
              value={agent}
              onChange={(event) => setAgent(event.currentTarget.value)}
            >
              {colleagues.map((option) => {
                const presence = team[option.id];
                return (
                  <option key={option.id} value={option.id}>
                    {presence
                      ? t('transfer.agentPresence', { name: option.name, status: presenceName(presence, t) })
                      : option.name}
                  </option>
                );
              })}
            </select>
          </Field>
        ) : null}
        {target === 'skills' ? (
          <fieldset class="dialog__group">
            <legend>{t('transfer.skills')}</legend>
            {directory.skills.map((skill) => (
              <label key={skill} class="choice">
                <input
                  type="checkbox"
                  checked={skills.includes(skill)}
                  onChange={(event) =>
                    setSkills(
                      event.currentTarget.checked ? [...skills, skill] : skills.filter((s) => s !== skill),
                    )
                  }
                />
                {skill}
              </label>
            ))}
          </fieldset>
        ) : null}
        <ErrorAlert error={error} />
        <div class="dialog__actions">
          <button type="button" class="button" onClick={onClose}>
            {t('transfer.cancel')}
          </button>
          <button type="submit" class="button button--primary" disabled={busy || !input()}>
            {busy ? t('transfer.busy') : t('transfer.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
