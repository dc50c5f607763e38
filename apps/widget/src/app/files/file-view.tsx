/**
 * A file or image in a message (issue 14): images as a preview that opens the viewer (a chunk
 * of its own), other files as a download with name, size and type. Links are short-lived and
 * signed; a fresh one is asked for when the one at hand is about to expire.
 */
import { type Attachment, type FileLink, isInlineImage } from '@parley/protocol';
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { type FilesTranslate, filesTranslate, formatSize } from './file-texts.js';
import { withFilesCss } from './files-css.js';

/** A link to the file, or null when it cannot be had (erased, or not this visitor's). */
async function fetchLink(id: string, headers: Record<string, string>): Promise<FileLink | null> {
  try {
    const response = await fetch(`/files/v1/${encodeURIComponent(id)}/link`, { headers });
    const answer = (await response.json()) as { ok: boolean } & FileLink;
    return answer.ok ? { url: answer.url, expiresAt: answer.expiresAt } : null;
  } catch (error) {
    reportError(error);
    return null;
  }
}

const fresh = (link: FileLink | null | undefined): link is FileLink =>
  Boolean(link && link.expiresAt - Date.now() > 10_000);

/** Opens the image viewer over the whole frame; focus goes back to `opener` when it closes. */
async function openViewer(file: Attachment, url: string, f: FilesTranslate, opener: HTMLElement) {
  const { ImageViewer } = await import('./image-viewer.js');
  const host = document.createElement('div');
  document.body.append(host);
  const close = () => {
    render(null, host);
    host.remove();
    opener.focus();
  };
  render(<ImageViewer file={file} url={url} f={f} onClose={close} />, host);
}

export function FileView({ file }: { file: Attachment }) {
  const { commands, locale } = useChat();
  const f = useMemo(() => filesTranslate(locale), [locale]);
  const [link, setLink] = useState<FileLink | null | undefined>(undefined);
  const anchor = useRef<HTMLAnchorElement>(null);
  const headers = commands.fileHeaders;
  useEffect(() => {
    void fetchLink(file.id, headers()).then(setLink);
  }, [file.id, headers]);
  /** The current link, renewed first when it is about to expire. */
  const current = async () => (fresh(link) ? link : await fetchLink(file.id, headers()));

  if (link === null) return <p class="file file--gone">{f('gone')}</p>;
  if (isInlineImage(file.type)) {
    return (
      <button
        type="button"
        class="file file--image"
        aria-label={f('open', { name: file.name })}
        onClick={async (event) => {
          const opener = event.currentTarget;
          const url = await current();
          if (url) void openViewer(file, url.url, f, opener);
        }}
      >
        {link ? <img src={link.url} alt="" width={file.width} height={file.height} /> : null}
      </button>
    );
  }
  return (
    <a
      ref={anchor}
      class="file"
      href={link?.url ?? '#'}
      download={file.name}
      onClick={(event) => {
        if (fresh(link)) return;
        event.preventDefault();
        void current().then((renewed) => {
          setLink(renewed);
          if (renewed && anchor.current) {
            anchor.current.href = renewed.url;
            anchor.current.click();
          }
        });
      }}
    >
      <span class="file__name">
        <span class="sr-only">{f('download')} </span>
        {file.name}
      </span>
      <span class="file__meta">
        {formatSize(file.size, locale)} · {file.type}
      </span>
    </a>
  );
}

/** The component with its stylesheet: what `lazy` in message-list.tsx waits for. */
export const loadFileView = () => withFilesCss(FileView);
