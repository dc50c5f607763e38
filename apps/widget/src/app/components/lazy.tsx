import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { PRIMARY } from './primary.js';

/** A component whose code is its own chunk (`import()`), and a way to fetch it ahead of need. */
export type LazyComponent<P> = ComponentType<P> & { preload(): Promise<unknown> };

/**
 * Wraps a component kept out of app.js: it renders nothing until its chunk is in, then itself.
 * What shows only after the widget is interactive (the rating, the offline and pre-chat forms)
 * is split off this way, so the iframe's budget pays for it only when it is used. When the form
 * arrives while nothing in the frame has focus (or the launcher has, having just opened the panel),
 * its primary control takes it, as the dock and the panel do.
 * `stylesheet`, a file beside app.css, comes with the chunk: the component shows once both are in.
 * A chunk that fails to load is reported and asked for again on the next render.
 * @example const Feedback = lazy(() => import('./feedback-form.js').then((m) => m.FeedbackForm));
 */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  stylesheet?: string,
): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<unknown> | undefined;
  const preload = () => {
    loading ??= Promise.all([load(), stylesheet && loadStylesheet(stylesheet)]).then(
      ([component]) => {
        loaded = component;
      },
      (error: unknown) => {
        loading = undefined;
        reportError(error);
      },
    );
    return loading;
  };

  function Lazy(props: P) {
    const [, setReady] = useState(false);
    const box = useRef<HTMLDivElement>(null);
    const Loaded = loaded;
    useEffect(() => {
      if (!loaded) void preload().then(() => setReady(true));
    }, []);
    useEffect(() => {
      if (!Loaded || !document.hasFocus()) return;
      const focused = document.activeElement;
      // Nothing focused, or the launcher that just opened the panel and found no form yet.
      if (!focused || focused === document.body || focused.classList.contains('launcher')) {
        box.current?.querySelector<HTMLElement>(PRIMARY)?.focus();
      }
    }, [Loaded]);
    return Loaded ? (
      <div ref={box} class="lazy">
        <Loaded {...props} />
      </div>
    ) : null;
  }
  return Object.assign(Lazy, { preload });
}

/** Adds one of the widget's stylesheets (from its own origin, as the frame's CSP wants) and waits for it. */
function loadStylesheet(href: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = () => resolve();
    link.onerror = () => {
      link.remove();
      reject(new Error(`Parley: ${href} could not be loaded`));
    };
    document.head.append(link);
  });
}
