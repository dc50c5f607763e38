import { describe, expect, it, vi } from 'vitest';
import { type HostWindow, installWidget, type ParleyApi } from './install-widget.js';

const PARLEY = 'https://chat.example';

/** Just enough of a host page for the loader: one iframe, message listeners, a media query. */
function fakePage(stub?: ParleyApi, dataset: Record<string, string> = { site: 'demo', color: '#ff0000' }) {
  const frameWindow = { postMessage: vi.fn() };
  // The style keeps each property by its camelCase name, and which were set `!important`.
  const important = new Set<string>();
  const style: Record<string, unknown> = {
    setProperty(name: string, value: string, priority: string) {
      const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
      style[key] = value;
      if (priority === 'important') important.add(key);
    },
  };
  const frame = { title: '', src: '', style, important, contentWindow: frameWindow };
  const listeners: Array<(event: Partial<MessageEvent>) => void> = [];
  const body = { appendChild: vi.fn() };
  const win = {
    Parley: stub,
    location: { origin: 'https://shop.example', href: 'https://shop.example/cart' },
    navigator: { language: 'en-GB' },
    document: {
      title: 'Cart',
      referrer: '',
      body,
      createElement: vi.fn(() => frame),
      addEventListener: vi.fn(),
    },
    matchMedia: () => ({ matches: false, addEventListener: vi.fn() }),
    addEventListener: (_type: string, listener: (event: Partial<MessageEvent>) => void) =>
      listeners.push(listener),
  };
  const script = { src: `${PARLEY}/widget.js`, dataset };
  const fromFrame = (data: unknown, origin = PARLEY, source: unknown = frameWindow) => {
    for (const listener of listeners) listener({ data, origin, source: source as MessageEventSource });
  };
  const install = () => installWidget(win as unknown as HostWindow, script as unknown as HTMLScriptElement);
  return { win: win as unknown as HostWindow, frame, frameWindow, body, fromFrame, install };
}

describe('installWidget', () => {
  it('adds one launcher-sized iframe on Parley’s origin, told the site, host and colour', async () => {
    const page = fakePage();
    page.install();
    page.install();
    // In a later task (the fake page has no requestIdleCallback: a timeout).
    expect(page.body.appendChild).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(page.body.appendChild).toHaveBeenCalledTimes(1);
    expect(page.frame.title).toBe('Chat');
    const url = new URL(page.frame.src);
    expect(url.origin + url.pathname).toBe(`${PARLEY}/widget/frame.html`);
    // Only what the tag says: the frame takes the rest from the site's config or the browser.
    expect(Object.fromEntries(url.searchParams)).toEqual({
      site: 'demo',
      host: 'https://shop.example',
      color: '#ff0000',
    });
    expect(page.frame.style).toMatchObject({ position: 'fixed', width: '88px', height: '88px' });
    // Set `!important`, so no rule of the host page can move, hide or shrink it.
    expect([...page.frame.important]).toEqual(
      expect.arrayContaining(['position', 'width', 'display', 'opacity']),
    );
  });

  it('replays calls queued by the stub once the frame is ready, posting only to Parley’s origin', () => {
    const stub: ParleyApi = () => undefined;
    stub.q = [['open'], ['unknown-command', 1]];
    const page = fakePage(stub);
    page.install();
    expect(page.frameWindow.postMessage).not.toHaveBeenCalled();

    page.fromFrame({ source: 'parley', type: 'ready' });
    const sent = page.frameWindow.postMessage.mock.calls;
    expect(sent.map(([message]) => message.type)).toEqual(['context', 'layout', 'command']);
    expect(sent.every(([, origin]) => origin === PARLEY)).toBe(true);
    expect(sent[0]?.[0]).toMatchObject({ page: 'https://shop.example/cart', title: 'Cart', locale: 'en-GB' });
    expect(sent[2]?.[0]).toEqual({ source: 'parley', type: 'command', command: 'open' });

    page.win.Parley?.('toggle');
    expect(page.frameWindow.postMessage).toHaveBeenLastCalledWith(
      { source: 'parley', type: 'command', command: 'toggle' },
      PARLEY,
    );
    expect(() => page.win.Parley?.('nope')).not.toThrow();
  });

  it('forwards calls with their argument, and hands the frame’s events to the page’s listeners', () => {
    const stub: ParleyApi = () => undefined;
    const heard: unknown[] = [];
    const failing = vi.fn(() => {
      throw new Error('a broken page listener');
    });
    stub.q = [
      ['identify', { userId: 'u1', hash: 'ab' }],
      ['on', 'unread', failing],
      ['on', 'unread', (data: unknown) => heard.push(data)],
      ['on', 'nonsense', () => heard.push('never')],
    ];
    const page = fakePage(stub);
    page.install();
    page.fromFrame({ source: 'parley', type: 'ready' });
    expect(page.frameWindow.postMessage).toHaveBeenCalledWith(
      { source: 'parley', type: 'call', call: { name: 'identify', value: { userId: 'u1', hash: 'ab' } } },
      PARLEY,
    );
    page.win.Parley?.('setLocale', 'ar');
    expect(page.frameWindow.postMessage).toHaveBeenLastCalledWith(
      { source: 'parley', type: 'call', call: { name: 'setLocale', value: 'ar' } },
      PARLEY,
    );

    const reported = vi.fn();
    vi.stubGlobal('reportError', reported);
    page.fromFrame({ source: 'parley', type: 'event', name: 'unread', data: { count: 2 } });
    page.fromFrame(
      { source: 'parley', type: 'event', name: 'unread', data: { count: 3 } },
      'https://evil.example',
    );
    page.fromFrame({ source: 'parley', type: 'event', name: 'nonsense', data: {} });
    expect(heard).toEqual([{ count: 2 }]);
    expect(failing).toHaveBeenCalledTimes(1);
    expect(reported).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });

  it('resizes on state messages from its own frame only', () => {
    const page = fakePage();
    page.install();
    page.fromFrame({ source: 'parley', type: 'state', open: true }, 'https://evil.example');
    page.fromFrame({ source: 'parley', type: 'state', open: true }, PARLEY, {});
    page.fromFrame({ source: 'parley', type: 'state', open: 'yes' });
    expect(page.frame.style.width).toBe('88px');
    page.fromFrame({ source: 'parley', type: 'state', open: true });
    expect(page.frame.style.width).toBe('432px');
  });

  it('passes the tag’s look to the frame, then follows the side and closed width it reports', () => {
    const dataset = {
      site: 'demo',
      position: 'left',
      theme: 'dark',
      launcherLabel: 'Chat with us',
      locale: 'ar',
    };
    const page = fakePage(undefined, dataset);
    page.install();
    expect(Object.fromEntries(new URL(page.frame.src).searchParams)).toMatchObject({
      position: 'left',
      theme: 'dark',
      label: 'Chat with us',
      locale: 'ar',
    });
    expect(page.frame.style).toMatchObject({ left: 'env(safe-area-inset-left, 0px)', right: 'auto' });
    // The site's config put it on the right, and the frame measured its labelled launcher.
    page.fromFrame({ source: 'parley', type: 'state', open: false, position: 'right', closedWidth: 212 });
    expect(page.frame.style).toMatchObject({
      width: '212px',
      left: 'auto',
      right: 'env(safe-area-inset-right, 0px)',
    });
  });
});
