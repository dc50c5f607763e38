import type { ComponentChildren } from 'preact';

export interface FieldProps {
  /** The control's id: the label points at it (a label wrapping a select would take in its value). */
  id: string;
  label: string;
  children: ComponentChildren;
}

/** A labelled form control, the label above it. */
export function Field({ id, label, children }: FieldProps) {
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {children}
    </div>
  );
}
