/**
 * Files in the desk (issue 14): an attachment in a session's log (an image preview that opens in
 * a new tab, or a download with name, size and type), and the agent's upload of a file to send.
 * Links are short-lived and signed: asked for when shown, and again when about to expire.
 */
import { type Attachment, type FileLink, isInlineImage } from '@parley/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useDesk } from '../app/desk-context.js';

/** A link to the file, or null when it cannot be had. */
async function fetchLink(id: string, headers: Record<string, string>): Promise<FileLink | null> {
  const response = await fetch(`/files/v1/${encodeURIComponent(id)}/link`, { headers });
  const answer = (await response.json()) as { ok: boolean } & FileLink;
  return answer.ok ? { url: answer.url, expiresAt: answer.expiresAt } : null;
}

const sizeText = (bytes: number, locale: string) =>
  new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: bytes < 1024 * 1024 ? 'kilobyte' : 'megabyte',
    maximumFractionDigits: 1,
  }).format(bytes < 1024 * 1024 ? bytes / 1024 : bytes / (1024 * 1024));

/** An attachment in the log. */
export function DeskFile({ file }: { file: Attachment }) {
  const { t, commands, locale } = useDesk();
  const [link, setLink] = useState<FileLink | null | undefined>(undefined);
  const anchor = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    fetchLink(file.id, commands.fileHeaders()).then(setLink, () => setLink(null));
  }, [file.id, commands]);
  if (link === null) return <p class="entry__file entry__file--gone">{t('file.gone')}</p>;
  const image = isInlineImage(file.type);
  return (
    <a
      ref={anchor}
      class={image ? 'entry__file entry__file--image' : 'entry__file'}
      href={link?.url ?? '#'}
      target="_blank"
      rel="noopener noreferrer"
      {...(image ? {} : { download: file.name })}
      onClick={(event) => {
        if (link && link.expiresAt - Date.now() > 10_000) return;
        // The link at hand is (about to be) expired: a fresh one, then the same click.
        event.preventDefault();
        void fetchLink(file.id, commands.fileHeaders()).then((fresh) => {
          setLink(fresh);
          if (fresh && anchor.current) {
            anchor.current.href = fresh.url;
            anchor.current.click();
          }
        });
      }}
    >
      {image && link ? <img src={link.url} alt="" width={file.width} height={file.height} /> : null}
      <span class="entry__file-name">
        <span class="sr-only">{t(image ? 'file.open' : 'file.download')} </span>
        {file.name}
      </span>
      <span class="entry__file-meta">
        {sizeText(file.size, locale)} · {file.type}
      </span>
      <span class="sr-only"> {t('file.newTab')}</span>
    </a>
  );
}

export type UploadAnswer =
  | { ok: true; attachment: Attachment }
  | { ok: false; error: { code: string; message: string } };

/**
 * Uploads a file for a session (`POST /files/v1/uploads`), with progress from 0 to 1; the
 * message that names it is sent after, so nothing half-uploaded reaches the visitor.
 * @example const task = uploadForSession(file, sessionId, headers, setProgress);
 */
export function uploadForSession(
  file: File,
  sessionId: string,
  headers: Record<string, string>,
  onProgress: (fraction: number) => void,
): { done: Promise<UploadAnswer>; abort(): void } {
  const request = new XMLHttpRequest();
  const done = new Promise<UploadAnswer>((resolve) => {
    const query = new URLSearchParams({ sessionId, name: file.name });
    request.open('POST', `/files/v1/uploads?${query}`);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    const failed = (code: string, message: string) => resolve({ ok: false, error: { code, message } });
    request.onload = () => {
      try {
        resolve(JSON.parse(request.responseText) as UploadAnswer);
      } catch {
        failed('internal', `The server answered ${request.status}`);
      }
    };
    request.onerror = () => failed('unavailable', 'The upload was interrupted');
    request.onabort = () => failed('cancelled', 'Cancelled');
    request.send(file);
  });
  return { done, abort: () => request.abort() };
}
