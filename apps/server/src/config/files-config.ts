import * as v from 'valibot';

const mediaType = v.pipe(
  v.string(),
  v.regex(/^[a-z]+\/([a-z0-9][a-z0-9.+-]*|\*)$/, 'use a media type such as image/png, or image/*'),
);

/** The types a site accepts unless it lists its own: raster images, PDF, plain text, office files. */
export const DEFAULT_FILE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];

/**
 * A site's files and images (issue 14, docs/operations.md). The type is sniffed from the bytes;
 * a file whose type is not listed is refused, whatever its name says.
 */
export const SiteFilesSchema = v.strictObject({
  /** Whether visitors, agents and bots may send files in this site's chats. */
  enabled: v.optional(v.boolean(), true),
  /** The largest file, in bytes (default 10 MiB). */
  maxBytes: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1024 * 1024 * 1024)),
    10 * 1024 * 1024,
  ),
  /** Accepted media types (sniffed); `image/*` takes every raster image Parley shows inline. */
  types: v.optional(v.pipe(v.array(mediaType), v.minLength(1)), () => [...DEFAULT_FILE_TYPES]),
});

/** An S3-compatible object store for the files; unset, a folder under the data directory. */
export const FilesS3Schema = v.strictObject({
  bucket: v.pipe(v.string(), v.minLength(3)),
  region: v.optional(v.string(), 'us-east-1'),
  /** For a store other than AWS (MinIO, Ceph, R2…), e.g. `http://minio:9000`. */
  endpoint: v.optional(v.pipe(v.string(), v.url())),
  /** Bucket in the path rather than the host name (most S3-compatible stores need it). */
  forcePathStyle: v.optional(v.boolean(), false),
  /** Unset: the SDK's usual credentials (environment, instance role). */
  accessKeyId: v.optional(v.string()),
  secretAccessKey: v.optional(v.string()),
  /** Prepended to every key, e.g. `parley/`. */
  prefix: v.optional(v.string(), ''),
});

/** Where files are kept and how long their links and pending uploads last. */
export const FilesConfigSchema = v.strictObject({
  s3: v.optional(FilesS3Schema),
  /**
   * The secret file links are signed with. Unset: one kept in the data directory (fine for one
   * process; several processes behind a load balancer must share one).
   */
  urlSecret: v.optional(v.pipe(v.string(), v.minLength(32, 'use at least 32 random characters'))),
  /** How long a signed file link works (default 5 minutes). */
  linkSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 300),
  /** How long an upload waits to be sent in a message before it is swept (default 60 minutes). */
  pendingMinutes: v.optional(v.pipe(v.number(), v.minValue(0.01)), 60),
  /** Uploads one visitor, agent or bot may make per minute. */
  uploadsPerMinute: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 30),
});

export type SiteFiles = v.InferOutput<typeof SiteFilesSchema>;
export type FilesConfig = v.InferOutput<typeof FilesConfigSchema>;
export type FilesS3Config = v.InferOutput<typeof FilesS3Schema>;
