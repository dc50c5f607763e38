/** Which side of the host page the widget sits on (`data-position`). */
export type FramePosition = 'left' | 'right';

/** The launcher (56 px) with 16 px around it, so its shadow is not clipped by the iframe. */
const CLOSED_SIZE = 88;
/** The 400 px panel with its margins. */
const OPEN_WIDTH = '432px';
const OPEN_HEIGHT = '720px';

/** How far the frame keeps from each edge: clear of a notch or home indicator (`viewport-fit=cover`). */
const inset = (side: 'top' | 'right' | 'bottom' | 'left') => `env(safe-area-inset-${side}, 0px)`;

/**
 * The iframe's inline style: sized to the launcher while closed (`closedWidth` wide when the frame
 * measured a labelled launcher), to the panel while open, and to the whole viewport, within its
 * safe area, when open on a narrow screen. Every property a host stylesheet could use to
 * hide, shrink or move the frame is pinned, and `applyFrameStyle` sets each one `!important`
 * (an inline `!important` beats any rule of the page, even `* { all: unset !important }`).
 * @example applyFrameStyle(iframe.style, frameStyle(false, false, 'right'))
 */
export function frameStyle(
  open: boolean,
  compact: boolean,
  position: FramePosition,
  closedWidth = CLOSED_SIZE,
): Partial<CSSStyleDeclaration> {
  const full = open && compact;
  const size = open
    ? { width: OPEN_WIDTH, height: OPEN_HEIGHT }
    : { width: `${Math.max(closedWidth, CLOSED_SIZE)}px`, height: `${CLOSED_SIZE}px` };
  const [top, right, bottom, left] = (['top', 'right', 'bottom', 'left'] as const).map(inset);
  const safeWidth = `calc(100% - ${left} - ${right})`;
  const safeHeight = `calc(100% - ${top} - ${bottom})`;
  return {
    display: 'block',
    visibility: 'visible',
    opacity: '1',
    transform: 'none',
    filter: 'none',
    clipPath: 'none',
    pointerEvents: 'auto',
    boxSizing: 'border-box',
    minWidth: '0',
    minHeight: '0',
    position: 'fixed',
    border: '0',
    margin: '0',
    padding: '0',
    zIndex: '2147483000',
    background: 'transparent',
    // Matching the frame document's (unset) color-scheme keeps the iframe transparent; a mismatch
    // makes browsers paint an opaque backdrop: https://github.com/w3c/csswg-drafts/issues/4772
    colorScheme: 'normal',
    maxWidth: safeWidth,
    maxHeight: safeHeight,
    top: full ? top : 'auto',
    bottom,
    left: full || position === 'left' ? left : 'auto',
    right: full || position === 'right' ? right : 'auto',
    ...(full ? { width: safeWidth, height: safeHeight } : size),
  };
}

/**
 * Sets each property `!important` through the CSSOM (`setProperty`), which a host CSP without
 * `'unsafe-inline'` allows, unlike a `style` attribute or a `<style>` element.
 */
export function applyFrameStyle(style: CSSStyleDeclaration, properties: Partial<CSSStyleDeclaration>): void {
  for (const [name, value] of Object.entries(properties)) {
    style.setProperty(
      name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
      String(value),
      'important',
    );
  }
}
