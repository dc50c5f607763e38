import {
  HOST_CALLS,
  HOST_COMMANDS,
  MESSAGE_SOURCE,
  type PageCallMessage,
  parseToHost,
  type ToFrameMessage,
  WIDGET_EVENTS,
  type WidgetEventName,
} from '../shared/host-message.js';
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
  const { site, locale: givenLocale, position: givenPosition, color, notify = '' } = script.dataset;
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
  if (/\bsound\b/.test(notify)) params.set('sound', '1');
  const titleAlert = /\btitle\b/.test(notify);

  const frame = doc.createElement('iframe');
  frame.title = 'Chat';
  frame.src = `${origin}/widget/frame.html?${params}`;
  const narrow = win.matchMedia('(max-width: 640px)');
  let open = false;
  let ready = false;
  const queued: Array<ToFrameMessage | PageCallMessage> = [];
  const listeners = new Map<WidgetEventName, Set<(data: unknown) => void>>();
  const pageTitle = doc.title;

  const layout = () => applyFrameStyle(frame.style, frameStyle(open, narrow.matches, position, closedWidth));
  const send = (message: ToFrameMessage | PageCallMessage) => {
    try {
      frame.contentWindow?.postMessage(message, origin);
    } catch (error) {
      // A value the page passed that cannot be cloned (a function, a DOM node): that call only.
      reportError(error);
    }
  };
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
    if (message.type === 'event') {
      const count = message.data.count;
      if (titleAlert && message.name === 'unread' && typeof count === 'number') {
        doc.title = count > 0 ? `(${count}) ${pageTitle}` : pageTitle;
      }
      for (const listener of listeners.get(message.name) ?? []) {
        try {
          listener(message.data);
        } catch (error) {
          // The page's own listener failed; the others, and the widget, go on.
          reportError(error);
        }
      }
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

  const deliver = (message: ToFrameMessage | PageCallMessage) => {
    if (ready) send(message);
    else queued.push(message);
  };
  const on = (event: WidgetEventName, listener: (data: unknown) => void) =>
    listeners.set(event, (listeners.get(event) ?? new Set()).add(listener));
  const api: ParleyApi = (command, arg, callback) => {
    const event = WIDGET_EVENTS.find((name) => name === arg);
    if (typeof callback === 'function') {
      if (command === 'on' && event) return void on(event, callback as (data: unknown) => void);
      // `startSession`'s callback hears its session's id once it is open (the next `session.started`).
      if (command === 'startSession') {
        const once = (data: unknown) => {
          listeners.get('session.started')?.delete(once);
          callback(data);
        };
        on('session.started', once);
      }
    }
    const known = HOST_COMMANDS.find((name) => name === command);
    if (known) return deliver({ source: MESSAGE_SOURCE, type: 'command', command: known });
    const call = HOST_CALLS.find((name) => name === command);
    // The frame checks the value's shape (and the server its content).
    if (call) deliver({ source: MESSAGE_SOURCE, type: 'call', call: { name: call, value: arg } });
  };
  api.installed = true;
  win.Parley = api;
  for (const args of Array.from(existing?.q ?? [])) {
    const [command, ...rest] = Array.from(args);
    api(command, ...rest);
  }

  layout();
  // In a task of its own, when the page is idle: creating the frame is the loader's costly part,
  // and run with the script it made one long task on a slow phone (bench/host-long-tasks.mjs).
  const mount = () => {
    if (win.requestIdleCallback)
      win.requestIdleCallback(() => doc.body.appendChild(frame), { timeout: 1000 });
    else setTimeout(() => doc.body.appendChild(frame));
  };
  if (doc.body) mount();
  else doc.addEventListener('DOMContentLoaded', mount);
}
