/** A site's brand colour and the text colour readable on it. */
export interface BrandColors {
  brand: string;
  onBrand: string;
}

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * Parses `data-color` (a hex colour; anything else is ignored, so the query string cannot inject
 * CSS) and picks black or white text by WCAG relative luminance.
 * @example brandColors('#ffcc00') // { brand: '#ffcc00', onBrand: '#111111' }
 */
export function brandColors(value: string | null): BrandColors | null {
  if (!value || !HEX.test(value)) return null;
  const hex = value.length === 4 ? value.replace(/[0-9a-f]/gi, (digit) => digit + digit) : value;
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast against white is (1.05)/(L+0.05); against near-black it is (L+0.05)/0.05.
  return {
    brand: value,
    onBrand: 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0557 ? '#ffffff' : '#111111',
  };
}
