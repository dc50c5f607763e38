/**
 * Attaching files and images (issue 14): the paperclip button and, on phones, the camera; paste
 * and drag and drop anywhere in the panel; the upload's progress with a cancel; a clear error
 * past the site's limits. A chunk of its own (`lazy/attach.js`), fetched as the message box shows.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useChat } from '../chat-context.js';
import { Icon } from '../components/icons.js';
import { filesTranslate, formatSize } from './file-texts.js';
import { withFilesCss } from './files-css.js';
import { uploadFile } from './upload-file.js';

export interface AttachProps {
  /** The site's limits (`SiteInfo.files`): checked here first, by the server always. */
  limits: { maxBytes: number; types: string[] };
}

interface Upload {
  name: string;
  progress: number;
  abort(): void;
}

const PAPERCLIP =
  'M21 11.5l-8.5 8.5a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7L10.2 17.7a1.7 1.7 0 0 1-2.4-2.4L15.5 7.6';
const CAMERA = 'M4 8h3l2-3h6l2 3h3v11H4zM12 16.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z';

export function Attach({ limits }: AttachProps) {
  const { commands, locale } = useChat();
  const f = useMemo(() => filesTranslate(locale), [locale]);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [error, setError] = useState('');
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const busy = useRef(false);
  // A phone or tablet: offer the camera beside the picker.
  const coarse = useMemo(() => matchMedia('(pointer: coarse)').matches, []);

  const start = (file: File | undefined) => {
    if (!file || busy.current) return;
    setError('');
    if (file.size > limits.maxBytes) {
      setError(f('tooLarge', { name: file.name, size: formatSize(limits.maxBytes, locale) }));
      return;
    }
    busy.current = true;
    const task = uploadFile(file, commands.fileHeaders(), (progress) =>
      setUpload((now) => now && { ...now, progress }),
    );
    setUpload({ name: file.name, progress: 0, abort: task.abort });
    void task.done.then((result) => {
      busy.current = false;
      setUpload(null);
      if (result.ok) commands.send('', result.attachment.id);
      else if (result.code === 'payload_too_large')
        setError(f('tooLarge', { name: file.name, size: formatSize(limits.maxBytes, locale) }));
      else if (result.code === 'invalid_payload' || result.code === 'forbidden') setError(f('refused'));
      else if (result.code !== 'cancelled') setError(f('failed', { name: file.name }));
    });
  };

  // Paste (a screenshot) and drop (a file from the desktop) anywhere in the frame. A layout
  // effect: listening before the attach button is painted, so no paste falls between the two
  // (a plain effect runs a frame later, and a loaded machine made that gap long enough to lose one).
  useLayoutEffect(() => {
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const paste = (event: ClipboardEvent) => {
      const file = event.clipboardData?.files[0];
      if (!file) return;
      event.preventDefault();
      start(file);
    };
    const over = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (!event.relatedTarget) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      start(event.dataTransfer?.files[0]);
    };
    const listeners = [
      ['paste', paste],
      ['dragover', over],
      ['dragleave', leave],
      ['drop', drop],
    ] as const;
    for (const [name, listener] of listeners) document.addEventListener(name, listener as EventListener);
    return () => {
      for (const [name, listener] of listeners) document.removeEventListener(name, listener as EventListener);
    };
  });

  const chosen = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    start(input.files?.[0]);
    input.value = '';
  };

  return (
    <>
      <button
        type="button"
        class="attach"
        aria-label={f('attach')}
        title={f('attach')}
        disabled={upload !== null}
        onClick={() => picker.current?.click()}
      >
        <Icon path={PAPERCLIP} />
      </button>
      <input ref={picker} type="file" hidden accept={limits.types.join(',')} onChange={chosen} />
      {coarse ? (
        <>
          <button
            type="button"
            class="attach"
            aria-label={f('camera')}
            disabled={upload !== null}
            onClick={() => camera.current?.click()}
          >
            <Icon path={CAMERA} />
          </button>
          <input ref={camera} type="file" hidden accept="image/*" capture="environment" onChange={chosen} />
        </>
      ) : null}
      {upload ? (
        <div class="upload" role="status">
          <span class="upload__name">{f('uploading', { name: upload.name })}</span>
          <progress
            class="upload__bar"
            max={1}
            value={upload.progress}
            aria-label={f('uploading', { name: upload.name })}
          />
          <button type="button" class="link-button" onClick={upload.abort}>
            {f('cancel')}
          </button>
        </div>
      ) : null}
      {error ? (
        <div class="upload upload--error" role="alert">
          <span class="upload__name">{error}</span>
          <button type="button" class="link-button" onClick={() => setError('')}>
            {f('dismiss')}
          </button>
        </div>
      ) : null}
      {dragging ? (
        <div class="drop-zone" aria-hidden="true">
          {f('drop')}
        </div>
      ) : null}
    </>
  );
}

/** The component with its stylesheet: what `lazy` in composer.tsx waits for. */
export const loadAttach = () => withFilesCss(Attach);
