import type { MessageEvent } from '@parley/protocol';
import type { DeskState } from '../app/desk-state.js';
import type { DeskStore } from '../app/desk-store.js';
import { visitorName } from '../components/names.js';
import type { Translate } from '../i18n/translate.js';

/** One desktop notification: `tag` groups a chat's notifications, so a burst shows as one. */
export interface DeskNotification {
  title: string;
  body: string;
  tag: string;
}

/**
 * What changed between two states that deserves a desktop notification (issue 15): a chat newly
 * the agent's, and a visitor's new message in one of their chats. Nothing before the first sync
 * of a login (the chats it brings back are not news).
 */
export function notificationsFor(before: DeskState, after: DeskState, t: Translate): DeskNotification[] {
  if (!before.synced || !after.synced || after.auth.status !== 'in') return [];
  const found: DeskNotification[] = [];
  for (const chat of Object.values(after.chats)) {
    if (chat.ended) continue;
    const name = visitorName(chat.session, t);
    const seen = before.events[chat.id] ?? [];
    const lastBefore = seen[seen.length - 1]?.seq ?? 0;
    const fresh = (after.events[chat.id] ?? []).filter(
      (event): event is MessageEvent =>
        event.seq > lastBefore && event.type === 'message' && event.author.role === 'visitor',
    );
    if (!before.chats[chat.id] || before.chats[chat.id]?.ended) {
      found.push({ title: t('notify.newChat', { name }), body: fresh.at(-1)?.text ?? '', tag: chat.id });
    } else if (fresh.length > 0) {
      found.push({ title: t('notify.newMessage', { name }), body: fresh.at(-1)?.text ?? '', tag: chat.id });
    }
  }
  return found;
}

export interface NotificationOutputs {
  t: Translate;
  /** Whether the desk is out of sight (another tab or window): only then is anything shown. */
  hidden(): boolean;
  /** Shows one notification (when the browser allows it). */
  show(notification: DeskNotification): void;
}

/**
 * Shows desktop notifications while the desk is hidden. Returns the unsubscribe.
 * @example watchNotifications(store, { t, hidden: () => document.hidden, show })
 */
export function watchNotifications(store: DeskStore, { t, hidden, show }: NotificationOutputs): () => void {
  let before = store.getState();
  return store.subscribe((after) => {
    const found = hidden() ? notificationsFor(before, after, t) : [];
    before = after;
    for (const notification of found) show(notification);
  });
}
