/**
 * A fresh client message id: 128 random bits as hex. Uses `getRandomValues`, which (unlike
 * `randomUUID`) also exists on plain-http pages that are not a secure context.
 */
export function newClientId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
