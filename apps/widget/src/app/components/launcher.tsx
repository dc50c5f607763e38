import type { Ref } from 'preact';
import { useChat } from '../chat-context.js';
import { ChatIcon, CloseIcon } from './icons.js';

export interface LauncherProps {
  open: boolean;
  buttonRef: Ref<HTMLButtonElement>;
  /** Shown beside the icon while the panel is closed, and then the button's name. */
  label: string;
  /** Messages the visitor has not seen: a badge while the panel is closed. */
  unread?: number;
}

/** The round button that opens and closes the panel; a pill with the site's label, if any. */
export function Launcher({ open, buttonRef, label, unread = 0 }: LauncherProps) {
  const { t, commands } = useChat();
  const labelled = label !== '' && !open;
  const badge = !open && unread > 0 ? t('launcher.unread', { count: unread }) : '';
  return (
    <button
      ref={buttonRef}
      type="button"
      class={labelled ? 'launcher launcher--label' : 'launcher'}
      // A visible label is the name (WCAG 2.5.3, label in name); the round button says what it does.
      aria-label={
        labelled
          ? undefined
          : [t(open ? 'launcher.close' : 'launcher.open'), badge].filter(Boolean).join(', ')
      }
      aria-expanded={open}
      onClick={commands.togglePanel}
    >
      {open ? <CloseIcon /> : <ChatIcon />}
      {labelled ? <span class="launcher__label">{label}</span> : null}
      {badge ? (
        // Part of the button's name ("Open chat, 2 unread"); the digits alone are what shows.
        <span class="launcher__badge">
          <span aria-hidden="true">{unread > 9 ? '9+' : unread}</span>
          <span class="sr-only">{badge}</span>
        </span>
      ) : null}
    </button>
  );
}
