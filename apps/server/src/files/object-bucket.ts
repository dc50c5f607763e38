/**
 * Where a `FileStore` keeps its objects: a flat namespace of keys (`a/b/c`) holding bytes. The
 * folder under the data directory and an S3-compatible bucket both provide it, so the file
 * store's rules (pending, attached, erased, swept) are written once, in `file-store.ts`.
 */
export interface ObjectBucket {
  put(key: string, body: Uint8Array): Promise<void>;
  /** The bytes, or undefined when there is no such object. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Deletes the object; deleting one that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Every key that starts with `prefix` (which ends with `/`). */
  list(prefix: string): Promise<string[]>;
}
