import { describe, expect, it } from 'vitest';
import { isDark, resolveAppearance, tagAppearance } from './appearance.js';

describe('tagAppearance', () => {
  it('reads the attributes the loader passed in the query string', () => {
    const params = new URLSearchParams('site=demo&position=left&theme=dark&label=Hi&color=%23f60&locale=ar');
    expect(tagAppearance(params)).toEqual({
      color: '#f60',
      position: 'left',
      theme: 'dark',
      launcherLabel: 'Hi',
      locale: 'ar',
    });
  });
});

describe('resolveAppearance', () => {
  it('is the round launcher on the right in the default colours, following the system, by default', () => {
    expect(resolveAppearance({})).toEqual({
      colors: null,
      position: 'right',
      theme: 'auto',
      launcherLabel: '',
    });
  });

  it('takes the site config’s appearance where the script tag says nothing', () => {
    const look = resolveAppearance(
      { position: null },
      { color: '#0a7', position: 'left', theme: 'dark', launcherLabel: 'Chat with us' },
    );
    expect(look).toMatchObject({ position: 'left', theme: 'dark', launcherLabel: 'Chat with us' });
    expect(look.colors?.brand).toBe('#0a7');
  });

  it('lets each script tag attribute win over the config', () => {
    const look = resolveAppearance(
      { color: '#f60', position: 'right', theme: 'light', launcherLabel: ' Help ' },
      { color: '#0a7', position: 'left', theme: 'dark', launcherLabel: 'Chat with us' },
    );
    expect(look).toMatchObject({ position: 'right', theme: 'light', launcherLabel: 'Help' });
    expect(look.colors?.brand).toBe('#f60');
  });

  it('treats an invalid attribute as unset, and cuts a long label', () => {
    const look = resolveAppearance(
      { color: 'red;x:y', position: 'top', theme: 'sepia', launcherLabel: '   ' },
      { theme: 'dark', launcherLabel: 'x'.repeat(60) },
    );
    expect(look).toMatchObject({
      colors: null,
      position: 'right',
      theme: 'dark',
      launcherLabel: 'x'.repeat(40),
    });
  });
});

describe('isDark', () => {
  it('follows the system only for auto', () => {
    expect([isDark('auto', true), isDark('auto', false)]).toEqual([true, false]);
    expect([isDark('dark', false), isDark('light', true)]).toEqual([true, false]);
  });
});
