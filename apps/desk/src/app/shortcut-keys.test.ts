import { describe, expect, it } from 'vitest';
import { type KeyInput, shortcutFor } from './shortcut-keys.js';

const press = (key: string, overrides: Partial<KeyInput> = {}): KeyInput => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: { tagName: 'BODY' },
  dialogOpen: false,
  ...overrides,
});

describe('shortcutFor', () => {
  it('maps the keys of the cheat sheet', () => {
    expect(['n', 'r', 't', 'e', '/', '?', 'x'].map((key) => shortcutFor(press(key)))).toEqual([
      'next',
      'reply',
      'transfer',
      'end',
      'search',
      'help',
      null,
    ]);
  });

  it('never fires while typing in a field, with a modifier or over a dialog', () => {
    for (const tagName of ['INPUT', 'textarea', 'SELECT']) {
      expect(shortcutFor(press('n', { target: { tagName } }))).toBeNull();
    }
    expect(shortcutFor(press('n', { target: { tagName: 'DIV', isContentEditable: true } }))).toBeNull();
    expect(shortcutFor(press('n', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(press('n', { metaKey: true }))).toBeNull();
    expect(shortcutFor(press('e', { altKey: true }))).toBeNull();
    expect(shortcutFor(press('e', { isComposing: true }))).toBeNull();
    expect(shortcutFor(press('?', { dialogOpen: true }))).toBeNull();
    expect(shortcutFor(press('n', { target: { tagName: 'BUTTON' } }))).toBe('next');
  });
});
