/**
 * Files and images in messages (issue 14): an upload goes over HTTP first, to a pending area, and
 * a message then names it by id (`attachmentId`), so a reload or a dropped network mid-upload
 * never leaves half a message. The server fills in what the file is, sniffed from its bytes.
 */
import * as v from 'valibot';

/** The id the server gave an upload (`POST /files/v1/uploads`). */
export const AttachmentIdSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{16,64}$/, 'Not an attachment id'),
);

/** A file as a message carries it: what the server sniffed, never what the client claimed. */
export const AttachmentSchema = v.strictObject({
  id: v.string(),
  /** The file name the sender gave (shown, never used as a path). */
  name: v.string(),
  /** Bytes. */
  size: v.number(),
  /** The media type sniffed from the bytes, e.g. `image/png`; `application/octet-stream` if unknown. */
  type: v.string(),
  /** Pixels, for images whose header tells them cheaply (PNG, GIF, JPEG, WebP). */
  width: v.optional(v.number()),
  height: v.optional(v.number()),
});

/** The raster image types shown inline (in previews and the viewer); never SVG or HTML. */
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

/** Whether a file of this (sniffed) type is shown as an image rather than offered as a download. */
export function isInlineImage(type: string): boolean {
  return (INLINE_IMAGE_TYPES as readonly string[]).includes(type);
}

/** A message has text, an attachment, or both. */
export const hasContent = (message: { text?: string | undefined; attachmentId?: string | undefined }) =>
  message.text !== undefined || message.attachmentId !== undefined;

export const NO_CONTENT = 'A message needs text or an attachment';

/** The answer to an upload: the pending file, to name in a message within the pending time. */
export interface UploadedFile {
  attachment: Attachment;
}

/** A short-lived signed link to a file (`GET /files/v1/{id}/link`). */
export interface FileLink {
  url: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export type Attachment = v.InferOutput<typeof AttachmentSchema>;
