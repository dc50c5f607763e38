import { fail, type Result } from '@parley/protocol';
import { fileTypeFromBuffer } from 'file-type';
import type { SiteFiles } from '../config/files-config.js';
import { imageSize } from './image-size.js';

/**
 * The media type of a file, from its bytes only (issue 14: never from the client's name or
 * header): what `file-type` recognises; else `text/plain` for valid UTF-8 text without control
 * characters (HTML, SVG and scripts included: they are text, and served as downloads); else
 * `application/octet-stream`.
 */
export async function sniffType(bytes: Uint8Array): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) return found.mime;
  return looksLikeText(bytes) ? 'text/plain' : 'application/octet-stream';
}

function looksLikeText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
  // Tab, line feed, form feed and carriage return are text; other C0 controls are not.
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (isControl(code) && code !== 9 && code !== 10 && code !== 12 && code !== 13) return false;
  }
  return true;
}

/** A C0 control character or DEL. */
export const isControl = (code: number) => code < 32 || code === 127;

/** Whether a site's list accepts a type: by name, or `image/*` for any image. */
export function acceptsType(types: readonly string[], type: string): boolean {
  return types.some((accepted) =>
    accepted.endsWith('/*') ? type.startsWith(accepted.slice(0, -1)) : accepted === type,
  );
}

export const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** What the server learnt of an upload it accepts. */
export interface SniffedUpload {
  type: string;
  width?: number;
  height?: number;
}

/**
 * Checks an upload against its site's limits (size first, then the sniffed type) and answers
 * what it is: `forbidden` where the site takes no files, `payload_too_large` past its size,
 * `invalid_payload` for an empty file or a type it does not accept.
 * @example const checked = await checkUpload(site.files, bytes);
 */
export async function checkUpload(limits: SiteFiles, bytes: Uint8Array): Promise<Result<SniffedUpload>> {
  if (!limits.enabled) return fail('forbidden', 'This site does not accept files');
  if (bytes.byteLength === 0) return fail('invalid_payload', 'The file is empty');
  if (bytes.byteLength > limits.maxBytes) {
    return fail('payload_too_large', `Files are limited to ${megabytes(limits.maxBytes)}`);
  }
  const type = await sniffType(bytes);
  if (!acceptsType(limits.types, type)) {
    return fail('invalid_payload', `Files of type ${type} are not accepted here`);
  }
  return { ok: true, value: { type, ...imageSize(bytes, type) } };
}
