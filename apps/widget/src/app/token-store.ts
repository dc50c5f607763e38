/** The visitor token the server issued, kept across reloads. */
export interface TokenStore {
  get(): string | undefined;
  set(token: string): void;
  clear(): void;
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Keeps the token in `storage` under `key`, read afresh each time: the site's other tabs share
 * it (one tab's new token is the next connect's of the others; a logout in one is theirs too).
 * Without storage (blocked third-party storage) the token is kept in memory and the visitor
 * lasts as long as the page, which is the best the browser permits.
 * @example createTokenStore(window.localStorage, 'parley:demo:token')
 */
export function createTokenStore(storage: KeyValueStorage | null, key: string): TokenStore {
  let token: string | undefined;
  return {
    get: () => (storage ? (storage.getItem(key) ?? undefined) : token),
    set(value) {
      token = value;
      storage?.setItem(key, value);
    },
    clear() {
      token = undefined;
      storage?.removeItem(key);
    },
  };
}
