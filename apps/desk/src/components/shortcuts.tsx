import { useEffect, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';
import { chatList, selectedChat } from '../app/desk-selectors.js';
import type { DeskState } from '../app/desk-state.js';
import { SHORTCUTS, type ShortcutAction, shortcutFor } from '../app/shortcut-keys.js';
import type { TranslationKey } from '../i18n/en.js';
import { Modal } from './modal.js';

const ACTION_TEXT: Record<ShortcutAction, TranslationKey> = {
  next: 'shortcuts.next',
  end: 'shortcuts.end',
  transfer: 'shortcuts.transfer',
  reply: 'shortcuts.reply',
  search: 'shortcuts.search',
  help: 'shortcuts.help',
};

/** Focuses what `selector` finds once the next render has put it there. */
const focusSoon = (selector: string, tries = 10) => {
  requestAnimationFrame(() => {
    const element = document.querySelector<HTMLElement>(selector);
    if (element) element.focus();
    else if (tries > 1) focusSoon(selector, tries - 1);
  });
};

/** The keys of the cheat sheet, as a `dialog`. */
function CheatSheet({ onClose }: { onClose(): void }) {
  const { t } = useDesk();
  return (
    <Modal titleId="desk-shortcuts-title" onClose={onClose}>
      <div class="dialog">
        <h2 id="desk-shortcuts-title" class="dialog__title">
          {t('shortcuts.title')}
        </h2>
        <dl class="shortcuts">
          {SHORTCUTS.map(({ key, action }) => (
            <div key={key} class="shortcuts__row">
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{t(ACTION_TEXT[action])}</dd>
            </div>
          ))}
        </dl>
        <p class="visitor__note">{t('shortcuts.note')}</p>
        <div class="dialog__actions">
          <button type="button" class="button" onClick={onClose}>
            {t('shortcuts.close')}
          </button>
        </div>
      </div>
    </Modal>
  );
}

/**
 * The desk's keyboard shortcuts (issue 15) and their cheat sheet: `?` or the button opens it.
 * The keys act on the chat shown: the next chat, the reply box, transfer, close; `/` searches.
 */
export function Shortcuts({ state }: { state: DeskState }) {
  const { t, commands } = useDesk();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const run = (action: ShortcutAction) => {
      const current = selectedChat(state);
      if (action === 'help') setOpen(true);
      else if (action === 'search') {
        commands.show({ kind: 'search' });
        focusSoon('.search__input');
      } else if (action === 'next') {
        const chats = chatList(state).filter((chat) => !chat.ended);
        const at = current ? chats.findIndex((chat) => chat.id === current.id) : -1;
        const next = chats[(at + 1) % Math.max(chats.length, 1)];
        if (next) {
          commands.show({ kind: 'chat', sessionId: next.id });
          focusSoon('.composer__input');
        }
      } else if (current && !current.ended) {
        if (action === 'reply') focusSoon('.composer__input');
        else if (action === 'end') commands.closeChat(current.id);
        else document.querySelector<HTMLButtonElement>('[data-shortcut="transfer"]')?.click();
      }
    };
    const onKey = (event: KeyboardEvent) => {
      const target = event.target instanceof HTMLElement ? event.target : null;
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        isComposing: event.isComposing,
        target,
        dialogOpen: document.querySelector('dialog[open]') !== null,
      });
      if (!action) return;
      event.preventDefault();
      run(action);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [state, commands]);

  return (
    <>
      <button type="button" class="button button--small" aria-keyshortcuts="?" onClick={() => setOpen(true)}>
        {t('shortcuts.open')}
      </button>
      {open ? <CheatSheet onClose={() => setOpen(false)} /> : null}
    </>
  );
}
