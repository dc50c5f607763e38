import type { Ref } from 'preact';
import { useChat } from '../chat-context.js';
import { ChatIcon, CloseIcon } from './icons.js';

export interface LauncherProps {
  open: boolean;
  buttonRef: Ref<HTMLButtonElement>;
  /** Shown beside the icon while the panel is closed, and then the button's name. */
  label: string;
}

/** The round button that opens and closes the panel; a pill with the site's label, if any. */
export function Launcher({ open, buttonRef, label }: LauncherProps) {
  const { t, commands } = useChat();
  const labelled = label !== '' && !open;
  return (
    <button
      ref={buttonRef}
      type="button"
      class={labelled ? 'launcher launcher--label' : 'launcher'}
      // A visible label is the name (WCAG 2.5.3, label in name); the round button says what it does.
      aria-label={labelled ? undefined : t(open ? 'launcher.close' : 'launcher.open')}
      aria-expanded={open}
      onClick={commands.togglePanel}
    >
      {open ? <CloseIcon /> : <ChatIcon />}
      {labelled ? <span class="launcher__label">{label}</span> : null}
    </button>
  );
}
