import { describe, expect, it } from 'vitest';
import { frameStyle } from './frame-style.js';

describe('frameStyle', () => {
  it('sizes the frame to the launcher while closed, on the chosen side', () => {
    expect(frameStyle(false, false, 'right')).toMatchObject({
      width: '88px',
      height: '88px',
      right: '0',
      left: 'auto',
    });
    expect(frameStyle(false, true, 'left')).toMatchObject({ width: '88px', left: '0', right: 'auto' });
  });

  it('sizes it to the panel while open, within the viewport', () => {
    expect(frameStyle(true, false, 'right')).toMatchObject({
      width: '432px',
      height: '720px',
      maxHeight: '100%',
      maxWidth: '100%',
    });
  });

  it('fills a narrow viewport while open', () => {
    expect(frameStyle(true, true, 'right')).toMatchObject({
      top: '0',
      bottom: '0',
      left: '0',
      right: '0',
      width: '100%',
      height: '100%',
    });
  });

  it('is fixed, borderless, visible and above the page in every state', () => {
    for (const style of [frameStyle(false, false, 'right'), frameStyle(true, true, 'left')]) {
      expect(style).toMatchObject({
        position: 'fixed',
        border: '0',
        zIndex: '2147483000',
        display: 'block',
        opacity: '1',
        transform: 'none',
      });
    }
  });
});
