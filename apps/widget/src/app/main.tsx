/**
 * Entry of the widget app inside Parley's iframe, and its only file with side effects: reads the
 * query string the loader wrote, wires the connection to the host bridge, and renders.
 */
import { storageOrNull } from '@parley/client';
import { render } from 'preact';
import type { HostCall } from '../shared/host-message.js';
import { applyAppearance, resolveAppearance, tagAppearance } from './appearance.js';
import { createChatConnection } from './chat-connection.js';
import { createChatMemory } from './chat-memory.js';
import { ChatApp } from './components/chat-app.js';
import { createHostBridge, readyMessage, stateMessage } from './host-bridge.js';
import type { Dictionary } from './i18n/en.js';
import { loadDictionary, resolveLocale, textDirection } from './i18n/locale.js';
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
// The look: the script tag's attributes, then the site config's (once `identity` brings it).
const fromTag = tagAppearance(params);
let appearance = resolveAppearance(fromTag);
const systemDark = matchMedia('(prefers-color-scheme: dark)');
const showAppearance = () => applyAppearance(html, appearance, systemDark.matches);
showAppearance();
systemDark.addEventListener('change', showAppearance);

const sessionStore = storageOrNull(() => window.sessionStorage);
const openKey = `parley:${siteKey}:open`;
const replayKey = `parley:${siteKey}:replay`;

const bridge = createHostBridge(window, hostOrigin, {
  command(command) {
    if (command === 'open') connection.commands.openPanel();
    else if (command === 'close') connection.commands.closePanel();
    else connection.commands.togglePanel();
  },
  call(call) {
    onCall(call);
  },
  layout(compact) {
    html.classList.toggle('parley-compact', compact);
  },
});

const local = storageOrNull(() => window.localStorage);
const memory = createChatMemory(local, siteKey);

const connection = createChatConnection({
  origin: location.origin,
  siteKey,
  hostOrigin,
  tokens: createTokenStore(local, `parley:${siteKey}:token`),
  visitorInfo: async () =>
    toVisitorInfo(await bridge.context(CONTEXT_WAIT_MS), params.get('locale') || navigator.language),
  memory: {
    open: sessionStore?.getItem(openKey) === '1',
    prechat: memory.prechat(),
    readUpTo: memory.readUpTo(),
  },
  // A verified identify made this the site's user: start over as that visitor, with their chats,
  // and with what the page asked so far (its calls are not sent again).
  onVisitorChanged(calls) {
    sessionStore?.setItem(replayKey, JSON.stringify(calls));
    location.reload();
  },
});

// The page link (API calls, events, memory, chime) is its own chunk: nothing of it is needed for
// the widget to be interactive. Calls arriving before it are kept, and it diffs from the state
// the widget started with, so it misses no event.
const startState = connection.store.getState();
const earlyCalls: HostCall[] = [];
let onCall: (call: HostCall) => void = (call) => {
  earlyCalls.push(call);
};
void import('./page-link.js').then(({ linkPage, replayedCalls }) => {
  onCall = linkPage({
    connection,
    bridge,
    memory,
    applyLocale: (locale) => void applyLocale(locale),
    sound: params.get('sound') === '1',
    since: startState,
    storagePrefix: `parley:${siteKey}:`,
  });
  for (const call of [...replayedCalls(sessionStore, replayKey), ...earlyCalls.splice(0)]) onCall(call);
}, reportError);

let shownOpen = connection.store.getState().open;
/** The width the closed frame needs: the launcher's, measured, with the frame's 16 px margins. */
let closedWidth: number | undefined;
const postState = () => bridge.post(stateMessage(shownOpen, { position: appearance.position, closedWidth }));
bridge.post(readyMessage());
postState();
connection.store.subscribe(({ open }) => {
  if (open === shownOpen) return;
  shownOpen = open;
  sessionStore?.setItem(openKey, open ? '1' : '0');
  postState();
});

// A label makes the closed launcher wider; the loader sizes the closed frame to it.
const launcherSize = new ResizeObserver(([entry]) => {
  if (shownOpen || !entry) return;
  const width = Math.ceil(entry.target.getBoundingClientRect().width) + 32;
  if (width === 32 || width === closedWidth) return;
  closedWidth = width;
  postState();
});

let dictionary: Dictionary | undefined;
const renderApp = () => {
  if (!dictionary) return;
  render(
    <ChatApp
      connection={connection}
      dictionary={dictionary}
      locale={html.lang}
      launcherLabel={appearance.launcherLabel}
    />,
    root,
  );
  const launcher = root.querySelector('.launcher');
  if (launcher) launcherSize.observe(launcher);
};

let apiLocale: string | undefined;
let localeRequests = 0;

/**
 * Shows the widget in the first language it speaks of: the page's run-time choice, the script
 * tag's `data-locale`, the site config's, the browser's (`resolveLocale`). Loads its texts first,
 * so the first render is already in that language; one that fails to load is reported and the
 * language shown stays (English at first).
 */
async function showLocale(): Promise<void> {
  const request = ++localeRequests;
  const siteLocale = connection.store.getState().site?.appearance?.locale;
  const locale = resolveLocale(apiLocale, [fromTag.locale ?? undefined, siteLocale], navigator.languages);
  if (dictionary && html.lang === locale) return;
  const loaded = await loadDictionary(locale).catch((error: unknown) => {
    reportError(new Error(`Parley: could not load the texts of "${locale}"`, { cause: error }));
    return undefined;
  });
  // A later choice was made while this one loaded: it wins.
  if (request !== localeRequests) return;
  if (loaded) {
    html.lang = locale;
    html.dir = textDirection(locale);
  }
  dictionary = loaded ?? dictionary ?? (await loadDictionary('en'));
  renderApp();
}

/**
 * Switches the language at run time (`Parley('setLocale', locale)`): it then comes before the
 * configured and the browser's languages. An unsupported one is skipped, as in `resolveLocale`.
 */
export function applyLocale(locale: string): Promise<void> {
  apiLocale = locale;
  return showLocale();
}

let shownSite = connection.store.getState().site;
connection.store.subscribe(({ site }) => {
  if (site === shownSite) return;
  shownSite = site;
  appearance = resolveAppearance(fromTag, site?.appearance);
  showAppearance();
  postState();
  renderApp();
  void showLocale();
});

void showLocale();
// Connecting in a task after the first render's, so that neither is long (on a slow phone, with
// the frame in the host page's process, a long one would hold up the host page too).
setTimeout(() => connection.start());
