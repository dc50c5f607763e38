/**
 * The desk's keyboard shortcuts (issue 15): one key each, as mail clients have them, and never
 * while the agent types in a field or a dialog is open (a shortcut must not eat a letter).
 */
export type ShortcutAction = 'next' | 'end' | 'transfer' | 'reply' | 'search' | 'help';

/** Each key and what it does, in the order the cheat sheet lists them. */
export const SHORTCUTS: ReadonlyArray<{ key: string; action: ShortcutAction }> = [
  { key: 'n', action: 'next' },
  { key: 'r', action: 'reply' },
  { key: 't', action: 'transfer' },
  { key: 'e', action: 'end' },
  { key: '/', action: 'search' },
  { key: '?', action: 'help' },
];

/** What the key event is for the target it reached. */
export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
  /** The focused element's tag name, and whether it is editable (`isContentEditable`). */
  target: { tagName: string; isContentEditable?: boolean } | null;
  /** Whether a modal dialog is open. */
  dialogOpen: boolean;
}

const FIELDS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * The shortcut a key press asks for, or null: none while typing in a field, with a modifier
 * (Ctrl, Cmd, Alt: the browser's and the system's own), or over a dialog.
 * @example shortcutFor({ key: 'n', ctrlKey: false, metaKey: false, altKey: false, target: body, dialogOpen: false }) // 'next'
 */
export function shortcutFor(input: KeyInput): ShortcutAction | null {
  if (input.ctrlKey || input.metaKey || input.altKey || input.isComposing || input.dialogOpen) return null;
  const target = input.target;
  if (target && (FIELDS.has(target.tagName.toUpperCase()) || target.isContentEditable)) return null;
  return SHORTCUTS.find((shortcut) => shortcut.key === input.key)?.action ?? null;
}
