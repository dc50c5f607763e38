import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export interface ModalProps {
  titleId: string;
  /** Escape, or a close button inside: the owner unmounts the modal. */
  onClose(): void;
  children: ComponentChildren;
}

/**
 * A modal over the native `<dialog>`: `showModal` makes the rest of the page inert and moves
 * focus inside; Escape closes; focus returns to what opened it.
 * https://html.spec.whatwg.org/multipage/interactive-elements.html#the-dialog-element
 */
export function Modal({ titleId, onClose, children }: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element?.showModal();
    return () => {
      if (element?.open) element.close();
      // The opener may be gone (an accepted queue entry): then focus stays where the page put it.
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      class="modal"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
