/**
 * The postMessage protocol between the loader (host page) and the widget app (Parley's iframe).
 * Both ends post only to the other's exact origin and validate every inbound message with the
 * guards below before acting on it; anything else is ignored as noise from other scripts.
 *
 * DESIGN.md puts these shapes in `@parley/protocol`; they live here until that package grows a
 * DOM-free `host-messages` module, because the loader must stay free of the schema library.
 */

/** Every message carries this marker so unrelated `message` events are told apart cheaply. */
export const MESSAGE_SOURCE = 'parley';

/** Commands the host page may give through `Parley(command)`. */
export const HOST_COMMANDS = ['open', 'close', 'toggle'] as const;
export type HostCommand = (typeof HOST_COMMANDS)[number];

/** What the host page knows about the visitor's page; sent when the iframe says it is ready. */
export interface HostContextMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'context';
  page: string;
  title: string;
  referrer: string;
  locale: string;
}

/** Whether the host viewport is narrow (under 640 px): the open panel then fills the screen. */
export interface HostLayoutMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'layout';
  compact: boolean;
}

export interface HostCommandMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'command';
  command: HostCommand;
}

/** Loader -> iframe. */
export type ToFrameMessage = HostContextMessage | HostLayoutMessage | HostCommandMessage;

/** The app has loaded and listens: the loader answers with context, layout and queued commands. */
export interface FrameReadyMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'ready';
}

/** The panel opened or closed, or the widget's look changed: the loader re-lays out the iframe. */
export interface FrameStateMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'state';
  open: boolean;
  /** The page's side, once known (the site's config arrives after the frame connects). */
  position?: 'left' | 'right';
  /** Width in px the closed frame needs: more than the round launcher's when it has a label. */
  closedWidth?: number;
}

/** Iframe -> loader. */
export type ToHostMessage = FrameReadyMessage | FrameStateMessage;

type Fields = Record<string, unknown>;

const fieldsOf = (data: unknown): Fields | null =>
  typeof data === 'object' && data !== null && (data as Fields).source === MESSAGE_SOURCE
    ? (data as Fields)
    : null;

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 4096;

/**
 * Narrows a message the iframe received to one the loader may send, or null.
 * @example parseToFrame({ source: 'parley', type: 'command', command: 'open' }) // the message
 */
export function parseToFrame(data: unknown): ToFrameMessage | null {
  const m = fieldsOf(data);
  if (!m) return null;
  if (m.type === 'context') {
    const { page, title, referrer, locale } = m;
    return isText(page) && isText(title) && isText(referrer) && isText(locale)
      ? { source: MESSAGE_SOURCE, type: 'context', page, title, referrer, locale }
      : null;
  }
  if (m.type === 'layout') {
    return typeof m.compact === 'boolean'
      ? { source: MESSAGE_SOURCE, type: 'layout', compact: m.compact }
      : null;
  }
  if (m.type === 'command') {
    const command = HOST_COMMANDS.find((c) => c === m.command);
    return command ? { source: MESSAGE_SOURCE, type: 'command', command } : null;
  }
  return null;
}

/**
 * Narrows a message the loader received to one the iframe may send, or null.
 * @example parseToHost({ source: 'parley', type: 'state', open: true }) // the message
 */
export function parseToHost(data: unknown): ToHostMessage | null {
  const m = fieldsOf(data);
  if (!m) return null;
  if (m.type === 'ready') return { source: MESSAGE_SOURCE, type: 'ready' };
  if (m.type === 'state' && typeof m.open === 'boolean') {
    const { position, closedWidth } = m;
    const message: FrameStateMessage = { source: MESSAGE_SOURCE, type: 'state', open: m.open };
    if (position === 'left' || position === 'right') message.position = position;
    else if (position !== undefined) return null;
    if (typeof closedWidth === 'number' && closedWidth > 0 && closedWidth <= 480)
      message.closedWidth = closedWidth;
    else if (closedWidth !== undefined) return null;
    return message;
  }
  return null;
}
