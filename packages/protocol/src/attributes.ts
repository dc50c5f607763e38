import type { Attributes } from './schemas.js';

/** A change to a visitor's attributes: a null value removes its key. */
export type AttributeChanges = Record<string, Attributes[string] | null>;

/**
 * Attributes merged in (`Parley('setAttributes')`): a null value removes its key.
 * @example mergeAttributes({ plan: 'free' }, { plan: 'pro', trial: null }) // { plan: 'pro' }
 */
export function mergeAttributes(current: Attributes | undefined, changes: AttributeChanges): Attributes {
  const merged: Attributes = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
