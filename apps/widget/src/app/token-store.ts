/** The visitor token the server issued, kept across reloads. */
export interface TokenStore {
  get(): string | undefined;
  set(token: string): void;
  clear(): void;
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Keeps the token in memory and, when the browser allows, in `storage` under `key`. Without
 * storage (blocked third-party storage) the visitor lasts as long as the page, which is the best
 * the browser permits; the server then issues a new token on the next visit.
 * @example createTokenStore(window.localStorage, 'parley:demo:token')
 */
export function createTokenStore(storage: KeyValueStorage | null, key: string): TokenStore {
  let token = storage?.getItem(key) ?? undefined;
  return {
    get: () => token,
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
