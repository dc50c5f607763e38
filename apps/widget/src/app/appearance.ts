import type { SiteAppearance, WidgetTheme } from '@parley/protocol';
import { type BrandColors, brandColors } from './brand-color.js';

/** The longest launcher label shown; the site config allows no more either. */
const LABEL_MAX = 40;

/** The widget's look, once the script tag and the site's config are taken together. */
export interface Appearance {
  colors: BrandColors | null;
  position: 'left' | 'right';
  theme: WidgetTheme;
  /** Text beside the launcher's icon; empty for the round launcher alone. */
  launcherLabel: string;
}

/** What the script tag said (`data-*`, passed on by the loader in the query string): unchecked. */
export type TagAppearance = { [K in keyof SiteAppearance]?: string | null };

/**
 * The script tag's `data-*` attributes, which the loader passes on in the frame's query string.
 * @example tagAppearance(new URLSearchParams(location.search)).theme // 'dark'
 */
export function tagAppearance(params: URLSearchParams): TagAppearance {
  return {
    color: params.get('color'),
    position: params.get('position'),
    theme: params.get('theme'),
    launcherLabel: params.get('label'),
    locale: params.get('locale'),
  };
}

const oneOf = <T extends string>(choices: readonly T[], ...values: (string | null | undefined)[]) =>
  values.find((value): value is T => choices.some((choice) => choice === value));

/**
 * The look to show: each script tag attribute wins over the site config's `appearance`, and an
 * invalid value (a colour that is not hex, an unknown theme) counts as unset.
 * @example resolveAppearance({ position: 'left' }, { position: 'right', theme: 'dark' }) // left, dark
 */
export function resolveAppearance(tag: TagAppearance, site: SiteAppearance = {}): Appearance {
  return {
    colors: brandColors(tag.color) ?? brandColors(site.color),
    position: oneOf(['left', 'right'], tag.position, site.position) ?? 'right',
    theme: oneOf(['auto', 'light', 'dark'], tag.theme, site.theme) ?? 'auto',
    launcherLabel: (tag.launcherLabel?.trim() || site.launcherLabel?.trim() || '').slice(0, LABEL_MAX),
  };
}

/** Whether the dark colours apply: `auto` follows the system setting (`prefers-color-scheme`). */
export const isDark = (theme: WidgetTheme, systemDark: boolean) =>
  theme === 'dark' || (theme === 'auto' && systemDark);

/**
 * Shows an appearance on the frame's root element: the side (`parley-left`), the dark colours
 * (`parley-dark`) and the brand colours (CSS variables, through the CSSOM, which the frame's CSP
 * allows), or app.css's defaults when there are none.
 */
export function applyAppearance(html: HTMLElement, appearance: Appearance, systemDark: boolean): void {
  html.classList.toggle('parley-left', appearance.position === 'left');
  html.classList.toggle('parley-dark', isDark(appearance.theme, systemDark));
  // brand -> --parley-brand, onBrand -> --parley-on-brand, brandTextDark -> --parley-brand-text-dark
  for (const key of ['brand', 'onBrand', 'brandText', 'brandTextDark'] as const) {
    const property = `--parley-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const value = appearance.colors?.[key];
    if (value) html.style.setProperty(property, value);
    else html.style.removeProperty(property);
  }
}
