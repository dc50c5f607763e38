/**
 * The image viewer (issue 14): the picture over the whole frame, a chunk of its own. Keyboard
 * first: the close button has focus, Tab stays on it, Esc closes, and focus goes back to the
 * preview that opened it.
 */
import type { Attachment } from '@parley/protocol';
import { useEffect, useRef } from 'preact/hooks';
import type { FilesTranslate } from './file-texts.js';

export interface ImageViewerProps {
  file: Attachment;
  url: string;
  f: FilesTranslate;
  onClose(): void;
}

export function ImageViewer({ file, url, f, onClose }: ImageViewerProps) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const keys = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        // The viewer's Esc, not the panel's (which closes the whole chat): caught first, kept here.
        event.preventDefault();
        event.stopPropagation();
        onClose();
      } else if (event.key === 'Tab') {
        event.preventDefault();
        close.current?.focus();
      }
    };
    window.addEventListener('keydown', keys, true);
    return () => window.removeEventListener('keydown', keys, true);
  }, [onClose]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: Esc closes it (above); a click on the backdrop is a shortcut
    <div class="viewer" role="dialog" aria-modal="true" aria-label={file.name} onClick={onClose}>
      <img class="viewer__image" src={url} alt={file.name} />
      <button ref={close} type="button" class="viewer__close" onClick={onClose}>
        {f('close')}
      </button>
    </div>
  );
}
