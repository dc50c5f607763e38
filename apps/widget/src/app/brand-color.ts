/** A site's brand colour, the text colour readable on it, and itself as text where it is readable. */
export interface BrandColors {
  brand: string;
  onBrand: string;
  /** The brand colour as text on the light theme's background, or the theme's text colour. */
  brandText: string;
  /** The same on the dark theme's background. */
  brandTextDark: string;
}

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The themes' backgrounds and text colours (app.css `--bg` and `--text`). */
const LIGHT_BG = '#ffffff';
const LIGHT_TEXT = '#17181c';
const DARK_BG = '#1b1c21';
const DARK_TEXT = '#f1f2f5';

/** WCAG relative luminance of `#rgb` or `#rrggbb`. */
function luminance(color: string): number {
  const hex = color.length === 4 ? color.replace(/[0-9a-f]/gi, (digit) => digit + digit) : color;
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two luminances. */
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * Parses `data-color` (a hex colour; anything else is ignored, so the query string cannot inject
 * CSS) and picks black or white text by WCAG relative luminance. Where the brand colour is text
 * (reply buttons), it is kept only on backgrounds it reaches 4.5:1 on (WCAG 1.4.3).
 * @example brandColors('#ffcc00') // { brand: '#ffcc00', onBrand: '#111111', brandText: '#17181c', brandTextDark: '#ffcc00' }
 */
export function brandColors(value: string | null | undefined): BrandColors | null {
  if (!value || !HEX.test(value)) return null;
  const brand = luminance(value);
  const readableOn = (background: string, fallback: string) =>
    contrast(brand, luminance(background)) >= 4.5 ? value : fallback;
  return {
    brand: value,
    // Contrast against white is (1.05)/(L+0.05); against near-black it is (L+0.05)/0.05.
    onBrand: 1.05 / (brand + 0.05) >= (brand + 0.05) / 0.0557 ? '#ffffff' : '#111111',
    brandText: readableOn(LIGHT_BG, LIGHT_TEXT),
    brandTextDark: readableOn(DARK_BG, DARK_TEXT),
  };
}
