// Its own entry point: through `@parley/protocol/markup`, the parser would come into app.js too.
import { hasMarkup } from '@parley/protocol/markup/has-markup';
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { RichTextProps } from '../markup/rich-text.js';

let RichText: ComponentType<RichTextProps> | undefined;
let loading: Promise<unknown> | undefined;

/** Fetches the formatted-text renderer (`lazy/rich-text.js`, with markup.css) once. */
function loadRichText(): Promise<unknown> {
  loading ??= import('../markup/rich-text.js')
    .then((m) => m.loadRichText())
    .then(
      (component) => {
        RichText = component;
      },
      (error: unknown) => {
        // Asked for again by the next message that needs it; meanwhile the text shows as written.
        loading = undefined;
        reportError(error);
      },
    );
  return loading;
}

/**
 * A message's text in its bubble (issue 14): as written when it holds no formatting or link,
 * which costs nothing more; otherwise formatted by the renderer, a chunk fetched the first time
 * a message needs it, the text showing as written until then.
 */
export function MessageText({ text }: { text: string }) {
  const [, setReady] = useState(false);
  const rich = hasMarkup(text);
  useEffect(() => {
    if (rich && !RichText) void loadRichText().then(() => setReady(true));
  }, [rich]);
  return rich && RichText ? <RichText text={text} /> : <p class="msg__bubble">{text}</p>;
}
