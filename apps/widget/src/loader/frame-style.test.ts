import { describe, expect, it } from 'vitest';
import { frameStyle } from './frame-style.js';

const safe = (side: string) => `env(safe-area-inset-${side}, 0px)`;

describe('frameStyle', () => {
  it('sizes the frame to the launcher while closed, on the chosen side, clear of the safe-area insets', () => {
    expect(frameStyle(false, false, 'right')).toMatchObject({
      width: '88px',
      height: '88px',
      right: safe('right'),
      bottom: safe('bottom'),
      left: 'auto',
    });
    expect(frameStyle(false, true, 'left')).toMatchObject({
      width: '88px',
      left: safe('left'),
      right: 'auto',
    });
  });

  it('widens the closed frame to a labelled launcher, never below the round one', () => {
    expect(frameStyle(false, false, 'right', 212)).toMatchObject({ width: '212px', height: '88px' });
    expect(frameStyle(false, false, 'right', 40)).toMatchObject({ width: '88px' });
    expect(frameStyle(true, false, 'right', 212)).toMatchObject({ width: '432px' });
  });

  it('sizes it to the panel while open, within the viewport', () => {
    expect(frameStyle(true, false, 'right')).toMatchObject({
      width: '432px',
      height: '720px',
      maxHeight: `calc(100% - ${safe('top')} - ${safe('bottom')})`,
      maxWidth: `calc(100% - ${safe('left')} - ${safe('right')})`,
    });
  });

  it('fills a narrow viewport while open, up to its safe-area insets', () => {
    expect(frameStyle(true, true, 'right')).toMatchObject({
      top: safe('top'),
      bottom: safe('bottom'),
      left: safe('left'),
      right: safe('right'),
      width: `calc(100% - ${safe('left')} - ${safe('right')})`,
      height: `calc(100% - ${safe('top')} - ${safe('bottom')})`,
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
