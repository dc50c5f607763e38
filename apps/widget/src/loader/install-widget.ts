import { HOST_COMMANDS, MESSAGE_SOURCE, parseToHost, type ToFrameMessage } from '../shared/host-message.js';
import { applyFrameStyle, type FramePosition, frameStyle } from './frame-style.js';

/** `window.Parley`: the real API, or the queue stub a page may define before the script loads. */
export interface ParleyApi {
  (command: unknown, ...args: unknown[]): void;
  /** Calls queued by the stub `function () { (Parley.q = Parley.q || []).push(arguments) }`. */
  q?: ArrayLike<unknown>[];
  /** Set on the real API, so a second copy of the script does nothing. */
  installed?: true;
}

export type HostWindow = Window & { Parley?: ParleyApi };

/**
 * Embeds the widget for the given `<script data-site=…>` tag: one fixed iframe on Parley's origin,
 * resized when the app inside opens or closes its panel, and the `Parley(command)` API (replaying
 * calls queued before the script loaded). Does nothing when the widget is already installed.
 * @example installWidget(window, document.currentScript as HTMLScriptElement)
 */
export function installWidget(win: HostWindow, script: HTMLScriptElement): void {
  const existing = win.Parley;
  if (existing?.installed) return;
  const { site, locale: givenLocale, position: givenPosition, color } = script.dataset;
  if (!site) throw new Error('Parley: the widget script tag needs a data-site attribute');

  const doc = win.document;
  const origin = new URL(script.src).origin;
  const { theme, launcherLabel } = script.dataset;
  // Until the frame says otherwise (the site's config may choose the side).
  let position: FramePosition = givenPosition === 'left' ? 'left' : 'right';
  let closedWidth: number | undefined;
  const locale = givenLocale || win.navigator.language;
  const params = new URLSearchParams({ site, host: win.location.origin });
  // Only what the tag says: the frame lets these win over the site's config.
  const look = { position: givenPosition, locale: givenLocale, color, theme, label: launcherLabel };
  for (const [name, value] of Object.entries(look)) if (value) params.set(name, value);

  const frame = doc.createElement('iframe');
  frame.title = 'Chat';
  frame.src = `${origin}/widget/frame.html?${params}`;
  const narrow = win.matchMedia('(max-width: 640px)');
  let open = false;
  let ready = false;
  const queued: ToFrameMessage[] = [];

  const layout = () => applyFrameStyle(frame.style, frameStyle(open, narrow.matches, position, closedWidth));
  const send = (message: ToFrameMessage) => frame.contentWindow?.postMessage(message, origin);
  const sendLayout = () => send({ source: MESSAGE_SOURCE, type: 'layout', compact: narrow.matches });

  win.addEventListener('message', (event) => {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    const message = parseToHost(event.data);
    if (!message) return;
    if (message.type === 'state') {
      open = message.open;
      position = message.position ?? position;
      closedWidth = message.closedWidth ?? closedWidth;
      layout();
      return;
    }
    // (Re)loaded frame: it needs the page context and layout, then anything asked meanwhile.
    ready = true;
    send({
      source: MESSAGE_SOURCE,
      type: 'context',
      page: win.location.href,
      title: doc.title,
      referrer: doc.referrer,
      locale,
    });
    sendLayout();
    for (const command of queued.splice(0)) send(command);
  });
  narrow.addEventListener('change', () => {
    layout();
    if (ready) sendLayout();
  });

  const api: ParleyApi = (command) => {
    const known = HOST_COMMANDS.find((name) => name === command);
    if (!known) return;
    const message: ToFrameMessage = { source: MESSAGE_SOURCE, type: 'command', command: known };
    if (ready) send(message);
    else queued.push(message);
  };
  api.installed = true;
  win.Parley = api;
  for (const args of Array.from(existing?.q ?? [])) {
    const [command, ...rest] = Array.from(args);
    api(command, ...rest);
  }

  layout();
  const mount = () => doc.body.appendChild(frame);
  if (doc.body) mount();
  else doc.addEventListener('DOMContentLoaded', mount);
}
