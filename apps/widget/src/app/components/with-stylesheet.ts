/** Stylesheets asked for, by href: two chunks sharing one load it once. */
const loading = new Map<string, Promise<void>>();

/**
 * Resolves with `value` once a stylesheet of Parley's own origin (beside app.css, as the frame's
 * `style-src 'self'` wants) is in, so a lazy screen never shows unstyled. One that fails to load
 * rejects, and `lazy` asks again next time.
 * @example withStylesheet('history.css', HistoryScreen)
 */
export function withStylesheet<T>(href: string, value: T): Promise<T> {
  let loaded = loading.get(href);
  if (!loaded) {
    loaded = new Promise<void>((resolve, reject) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.onload = () => resolve();
      link.onerror = () => {
        link.remove();
        loading.delete(href);
        reject(new Error(`Parley: ${href} could not be loaded`));
      };
      document.head.append(link);
    });
    loading.set(href, loaded);
  }
  return loaded.then(() => value);
}
