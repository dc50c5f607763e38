import {
  type FrameStateMessage,
  type HostCall,
  type HostCommand,
  type HostContextMessage,
  MESSAGE_SOURCE,
  parseToFrame,
  type ToHostMessage,
} from '../shared/host-message.js';

export interface HostBridgeHandlers {
  command(command: HostCommand): void;
  /** A checked `Parley(name, value)` call: identify, setAttributes, setLocale, startSession. */
  call(call: HostCall): void;
  layout(compact: boolean): void;
}

export interface HostBridge {
  /** Tells the loader something; a no-op when the frame is not embedded. */
  post(message: ToHostMessage): void;
  /** The host page's context, waiting at most `waitMs` for it; undefined when it did not come. */
  context(waitMs: number): Promise<HostContextMessage | undefined>;
  dispose(): void;
}

/**
 * The iframe's end of the postMessage channel: posts only to `hostOrigin`, and accepts only
 * messages from the parent window on that origin that pass `parseToFrame`.
 * @example
 * const bridge = createHostBridge(window, 'https://shop.example', { command: run, layout: setCompact });
 * bridge.post({ source: 'parley', type: 'ready' });
 */
export function createHostBridge(win: Window, hostOrigin: string, handlers: HostBridgeHandlers): HostBridge {
  const parent = win.parent === win ? null : win.parent;
  let context: HostContextMessage | undefined;
  const waiting = new Set<(context: HostContextMessage) => void>();

  const onMessage = (event: MessageEvent) => {
    if (!parent || event.origin !== hostOrigin || event.source !== parent) return;
    const message = parseToFrame(event.data);
    if (!message) return;
    if (message.type === 'context') {
      context = message;
      for (const resolve of waiting) resolve(message);
      waiting.clear();
    } else if (message.type === 'layout') handlers.layout(message.compact);
    else if (message.type === 'call') handlers.call(message.call);
    else handlers.command(message.command);
  };
  win.addEventListener('message', onMessage);

  return {
    post(message) {
      parent?.postMessage(message, hostOrigin);
    },
    context(waitMs) {
      if (context || !parent) return Promise.resolve(context);
      return new Promise((resolve) => {
        const timer = win.setTimeout(() => {
          waiting.delete(done);
          resolve(undefined);
        }, waitMs);
        const done = (received: HostContextMessage) => {
          win.clearTimeout(timer);
          resolve(received);
        };
        waiting.add(done);
      });
    },
    dispose() {
      win.removeEventListener('message', onMessage);
      waiting.clear();
    },
  };
}

export const readyMessage = (): ToHostMessage => ({ source: MESSAGE_SOURCE, type: 'ready' });
/** The panel's state, with the side and the closed width once the frame knows them. */
export const stateMessage = (
  open: boolean,
  layout: Pick<FrameStateMessage, 'position' | 'closedWidth'> = {},
): ToHostMessage => ({ source: MESSAGE_SOURCE, type: 'state', open, ...layout });
