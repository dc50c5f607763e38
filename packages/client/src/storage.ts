/**
 * The given Web Storage, or null when the browser refuses access to it: reading `localStorage`
 * throws a SecurityError when the visitor blocks site data (in a third-party iframe above all).
 * That refusal is the answer here (fall back to memory), not an error to report.
 * @example const local = storageOrNull(() => window.localStorage) ?? memoryStorage();
 */
export function storageOrNull(read: () => Storage): Storage | null {
  try {
    const storage = read();
    const probe = '__parley__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch (error) {
    if (error instanceof DOMException) return null;
    throw error;
  }
}
