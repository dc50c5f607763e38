/**
 * Entry of the widget app inside Parley's iframe, and its only file with side effects: reads the
 * query string the loader wrote, wires the connection to the host bridge, and renders.
 */
import { storageOrNull } from '@parley/client';
import { render } from 'preact';
import { brandColors } from './brand-color.js';
import { createChatConnection } from './chat-connection.js';
import { ChatApp } from './components/chat-app.js';
import { createHostBridge, readyMessage, stateMessage } from './host-bridge.js';
import { en } from './i18n/en.js';
import { parseOrigin } from './parse-origin.js';
import { createTokenStore } from './token-store.js';
import { toVisitorInfo } from './visitor-info.js';

/** How long a new session waits for the host page's context before starting without it. */
const CONTEXT_WAIT_MS = 1_500;

const params = new URLSearchParams(location.search);
const siteKey = params.get('site');
const hostOrigin = parseOrigin(params.get('host'));
const root = document.getElementById('parley');
if (!siteKey || !hostOrigin || !root) {
  throw new Error('Parley: frame.html needs ?site=<key>&host=<origin> and a #parley element');
}

const html = document.documentElement;
html.lang = 'en';
html.classList.toggle('parley-left', params.get('position') === 'left');
const colors = brandColors(params.get('color'));
if (colors) {
  html.style.setProperty('--parley-brand', colors.brand);
  html.style.setProperty('--parley-on-brand', colors.onBrand);
}

const sessionStore = storageOrNull(() => window.sessionStorage);
const openKey = `parley:${siteKey}:open`;

const bridge = createHostBridge(window, hostOrigin, {
  command(command) {
    if (command === 'open') connection.commands.openPanel();
    else if (command === 'close') connection.commands.closePanel();
    else connection.commands.togglePanel();
  },
  layout(compact) {
    html.classList.toggle('parley-compact', compact);
  },
});

const connection = createChatConnection({
  origin: location.origin,
  siteKey,
  hostOrigin,
  tokens: createTokenStore(
    storageOrNull(() => window.localStorage),
    `parley:${siteKey}:token`,
  ),
  visitorInfo: async () =>
    toVisitorInfo(await bridge.context(CONTEXT_WAIT_MS), params.get('locale') || navigator.language),
  initialOpen: sessionStore?.getItem(openKey) === '1',
});

let shownOpen = connection.store.getState().open;
bridge.post(readyMessage());
bridge.post(stateMessage(shownOpen));
connection.store.subscribe(({ open }) => {
  if (open === shownOpen) return;
  shownOpen = open;
  sessionStore?.setItem(openKey, open ? '1' : '0');
  bridge.post(stateMessage(open));
});

render(<ChatApp connection={connection} dictionary={en} />, root);
connection.start();
