import type { Ref } from 'preact';
import { useChat } from '../chat-context.js';
import { ChatIcon, CloseIcon } from './icons.js';

export interface LauncherProps {
  open: boolean;
  buttonRef: Ref<HTMLButtonElement>;
}

/** The round button that opens and closes the panel. */
export function Launcher({ open, buttonRef }: LauncherProps) {
  const { t, commands } = useChat();
  return (
    <button
      ref={buttonRef}
      type="button"
      class="launcher"
      aria-label={t(open ? 'launcher.close' : 'launcher.open')}
      aria-expanded={open}
      onClick={commands.togglePanel}
    >
      {open ? <CloseIcon /> : <ChatIcon />}
    </button>
  );
}
