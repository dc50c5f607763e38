import { useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';

/**
 * Desktop notifications (issue 15): the browser asks for permission only when the agent presses
 * this button, never on load (browsers ignore, then block, pages that ask unprompted). Once
 * granted or blocked, the button gives way to a short status.
 */
export function NotificationsButton() {
  const { t } = useDesk();
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!supported) return null;
  if (permission === 'granted') return <p class="top-bar__note">{t('notify.on')}</p>;
  if (permission === 'denied') return <p class="top-bar__note">{t('notify.denied')}</p>;
  return (
    <button
      type="button"
      class="button button--small"
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      {t('notify.enable')}
    </button>
  );
}
