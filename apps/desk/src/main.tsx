/**
 * Entry of the agent desk (served at `/desk`), and its only file with side effects: wires the
 * browser (storage, fetch, audio, title, cross-tab events) to the controller, and renders.
 */
import { storageOrNull } from '@parley/client';
import { render } from 'preact';
import { createAlertSound } from './alerts/alert-sound.js';
import { watchAlerts } from './alerts/watch-alerts.js';
import { watchNotifications } from './alerts/watch-notifications.js';
import { createDeskController } from './app/desk-controller.js';
import { initialDeskState } from './app/desk-state.js';
import { createDeskStore } from './app/desk-store.js';
import { createToolsStore } from './app/tools-store.js';
import { createLoginApi } from './auth/login-api.js';
import { DeskApp } from './components/desk-app.js';
import { saveFile } from './files/save-file.js';
import { en } from './i18n/en.js';
import { createTranslate } from './i18n/translate.js';
import { createDeskStorage, memoryStorage } from './storage/desk-storage.js';

const root = document.getElementById('desk');
if (!root) throw new Error('Parley desk: index.html needs a #desk element');

const t = createTranslate(en);
const locale = navigator.language || 'en';
document.documentElement.lang = 'en';

const local = storageOrNull(() => window.localStorage);
const storage = createDeskStorage(local ?? memoryStorage());
const store = createDeskStore(initialDeskState());
const tools = createToolsStore();
const sound = createAlertSound(
  () => new AudioContext(),
  // The browser would not resume audio: say so, and offer the button that asks again.
  () => store.dispatch({ type: 'sound', blocked: true }),
);
const desk = createDeskController({
  origin: location.origin,
  store,
  tools,
  storage,
  api: createLoginApi(location.origin, (input, init) => fetch(input, init)),
  sound,
  saveFile: (name, text) => saveFile(document, name, text, name.endsWith('.csv') ? 'text/csv' : undefined),
});

watchAlerts(store, {
  sound,
  t,
  setTitle: (title) => {
    document.title = title;
  },
});

// Desktop notifications (issue 15) while the desk is out of sight, once the agent allowed them.
watchNotifications(store, {
  t,
  hidden: () => document.hidden,
  show: ({ title, body, tag }) => {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      desk.commands.show({ kind: 'chat', sessionId: tag });
      notification.close();
    };
  },
});

// Another tab of this browser logged in or out, saw or dismissed a chat.
window.addEventListener('storage', (event) => {
  if (event.storageArea === local && event.key !== null) desk.storageChanged(event.key);
});

// Browsers allow sound only after the person interacted with the page: any key or click will do.
for (const gesture of ['pointerdown', 'keydown'] as const) {
  document.addEventListener(gesture, () => desk.commands.enableSound(), { capture: true });
}

// Back from single sign-on (`/api/agent/oidc/callback`): a ticket to trade for a login, or why
// not. The fragment is taken off the address bar at once, so it is neither kept nor shared.
const fragment = new URLSearchParams(location.hash.slice(1));
const ticket = fragment.get('sso');
const ssoError = fragment.get('sso-error');
if (ticket !== null || ssoError !== null) history.replaceState(null, '', location.pathname + location.search);
if (ticket) desk.commands.loginWithTicket(ticket);
else {
  desk.start();
  if (ssoError) desk.commands.ssoFailed(ssoError);
}
render(<DeskApp store={store} tools={tools} commands={desk.commands} t={t} locale={locale} />, root);
