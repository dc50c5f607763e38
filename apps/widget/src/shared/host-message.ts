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

/** Commands without an argument the host page may give through `Parley(command)`. */
export const HOST_COMMANDS = ['open', 'close', 'toggle'] as const;
export type HostCommand = (typeof HOST_COMMANDS)[number];

/** Commands with one argument: `Parley('identify', { userId, name, email, hash })` and so on. */
export const HOST_CALLS = [
  'identify',
  'setAttributes',
  'setLocale',
  'startSession',
  'stopSession',
  'logout',
] as const;
export type HostCallName = (typeof HOST_CALLS)[number];

/** What the widget tells `Parley('on', event, callback)` listeners. */
export const WIDGET_EVENTS = [
  'ready',
  'open',
  'close',
  'message',
  'session.changed',
  'feedback',
  'unread',
  'session.started',
] as const;
export type WidgetEventName = (typeof WIDGET_EVENTS)[number];

/** Attribute values a page may set; `null` removes one. */
export type AttributeValue = string | number | boolean | null;

export type HostCall =
  | { name: 'identify'; value: { userId: string; name?: string; email?: string; hash?: string } }
  | { name: 'setAttributes'; value: Record<string, AttributeValue> }
  | { name: 'setLocale'; value: string }
  | {
      name: 'startSession';
      value: { template: string; params?: Record<string, string>; correlationId?: string };
    }
  /** Ends the visitor's open session, as the visitor closing it would. */
  | { name: 'stopSession'; value: null }
  /** The site's user signed out: this browser forgets the visitor (a shared computer). */
  | { name: 'logout'; value: null };

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

/** A command with its argument, as the page gave it; the frame checks it (`parseCall`). */
export interface HostCallMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'call';
  call: HostCall;
}

/** A call as the loader forwards it, its value unchecked (the frame runs `parseToFrame`). */
export interface PageCallMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'call';
  call: { name: HostCallName; value: unknown };
}

/** Loader -> iframe, once checked. */
export type ToFrameMessage = HostContextMessage | HostLayoutMessage | HostCommandMessage | HostCallMessage;

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

/** Something happened that the page may listen to; `data` is plain, cloneable JSON. */
export interface FrameEventMessage {
  source: typeof MESSAGE_SOURCE;
  type: 'event';
  name: WidgetEventName;
  data: Record<string, unknown>;
}

/** Iframe -> loader. */
export type ToHostMessage = FrameReadyMessage | FrameStateMessage | FrameEventMessage;

type Fields = Record<string, unknown>;

const fieldsOf = (data: unknown): Fields | null =>
  typeof data === 'object' && data !== null && (data as Fields).source === MESSAGE_SOURCE
    ? (data as Fields)
    : null;

const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 4096;
const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** A plain object of at most 50 entries whose values pass `isValue`. */
const isMap = <T>(value: unknown, isValue: (v: unknown) => v is T): value is Record<string, T> =>
  isRecord(value) && Object.keys(value).length <= 50 && Object.values(value).every(isValue);
const isOptionalText = (value: unknown) => value === undefined || isText(value);
const isAttribute = (value: unknown): value is AttributeValue =>
  value === null ||
  isText(value) ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

/**
 * Narrows a page's `Parley(name, value)` call to one the widget knows, with a value of the
 * right shape (the server checks the content again), or null.
 * @example parseCall('setLocale', 'de') // { name: 'setLocale', value: 'de' }
 */
export function parseCall(name: unknown, value: unknown): HostCall | null {
  if (name === 'logout' || name === 'stopSession') return { name, value: null };
  if (name === 'setLocale') return isText(value) && value.length <= 35 ? { name, value } : null;
  if (name === 'setAttributes') return isMap(value, isAttribute) ? { name, value } : null;
  if (!isRecord(value)) return null;
  if (name === 'identify') {
    const { userId, name: userName, email, hash } = value;
    if (!isText(userId) || !isOptionalText(userName) || !isOptionalText(email) || !isOptionalText(hash))
      return null;
    return {
      name,
      value: {
        userId,
        ...(userName === undefined ? {} : { name: userName as string }),
        ...(email === undefined ? {} : { email: email as string }),
        ...(hash === undefined ? {} : { hash: hash as string }),
      },
    };
  }
  if (name === 'startSession') {
    const { template, params, correlationId } = value;
    if (
      !isText(template) ||
      !(params === undefined || isMap(params, isText)) ||
      !isOptionalText(correlationId)
    )
      return null;
    // Keys left undefined are dropped on their way to the server (JSON).
    return {
      name,
      value: { template, params: params as Record<string, string>, correlationId: correlationId as string },
    };
  }
  return null;
}
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
  if (m.type === 'call' && isRecord(m.call)) {
    const call = parseCall(m.call.name, m.call.value);
    return call ? { source: MESSAGE_SOURCE, type: 'call', call } : null;
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
  if (m.type === 'event') {
    const name = WIDGET_EVENTS.find((e) => e === m.name);
    return name && isRecord(m.data) ? { source: MESSAGE_SOURCE, type: 'event', name, data: m.data } : null;
  }
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
