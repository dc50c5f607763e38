/**
 * Entry of `widget.js`, the script a site owner pastes. Runs as an IIFE with `async` or `defer`,
 * so `document.currentScript` is used while it is set, with a selector as the fallback.
 */
import { installWidget } from './install-widget.js';

const current = document.currentScript;
const script =
  current instanceof HTMLScriptElement
    ? current
    : document.querySelector<HTMLScriptElement>('script[src*="widget.js"][data-site]');
if (!script)
  throw new Error('Parley: cannot find the widget script tag (script[src*="widget.js"][data-site])');
installWidget(window, script);
