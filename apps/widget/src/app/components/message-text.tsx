// Its own entry point: through `@parley/protocol/markup`, the parser would come into app.js too.
import { hasMarkup } from '@parley/protocol/markup/has-markup';
import { lazy } from './lazy.js';

// The renderer and markup.css: fetched the first time a message needs them, never before.
const RichText = lazy(() => import('../markup/rich-text.js').then((m) => m.RichText), 'markup.css');

/**
 * A message's text in its bubble (issue 14): as written when it holds no formatting or link,
 * which costs nothing more; otherwise formatted by the renderer (`lazy/rich-text.js`).
 */
export function MessageText({ text }: { text: string }) {
  return hasMarkup(text) ? <RichText text={text} /> : <p class="msg__bubble">{text}</p>;
}
