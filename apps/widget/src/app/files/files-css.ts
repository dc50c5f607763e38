import type { ComponentType } from 'preact';

let loading: Promise<void> | undefined;

/**
 * The files' stylesheet (files.css), loaded once with the first of their chunks, as the history
 * screen loads its own (the frame's CSP allows only stylesheets from its origin).
 * @example export const loadAttach = () => withFilesCss(Attach);
 */
export function withFilesCss<P>(component: ComponentType<P>): Promise<ComponentType<P>> {
  loading ??= new Promise<void>((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = 'files.css';
    link.onload = () => resolve();
    link.onerror = () => {
      link.remove();
      loading = undefined;
      reject(new Error('Parley: files.css could not be loaded'));
    };
    document.head.append(link);
  });
  return loading.then(() => component);
}
