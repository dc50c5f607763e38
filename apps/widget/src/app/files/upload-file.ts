import type { Attachment, ErrorCode } from '@parley/protocol';

export type UploadResult =
  | { ok: true; attachment: Attachment }
  | { ok: false; code: ErrorCode | 'cancelled' };

/**
 * Uploads a file to the server's pending area (`POST /files/v1/uploads`), reporting progress
 * (0 to 1). Nothing is sent in the chat until it is in whole: a reload or a dropped network
 * mid-upload leaves no message, and the server sweeps an upload never sent. XMLHttpRequest,
 * since `fetch` reports no upload progress.
 * @example const task = uploadFile(file, commands.fileHeaders(), setProgress); task.abort();
 */
export function uploadFile(
  file: Blob & { name?: string },
  headers: Record<string, string>,
  onProgress: (fraction: number) => void,
): { done: Promise<UploadResult>; abort(): void } {
  const request = new XMLHttpRequest();
  const done = new Promise<UploadResult>((resolve) => {
    request.open('POST', `/files/v1/uploads?name=${encodeURIComponent(file.name || 'image.png')}`);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      try {
        const answer = JSON.parse(request.responseText) as
          | { ok: true; attachment: Attachment }
          | { ok: false; error: { code: ErrorCode } };
        resolve(answer.ok ? answer : { ok: false, code: answer.error.code });
      } catch (error) {
        reportError(error);
        resolve({ ok: false, code: 'internal' });
      }
    };
    request.onerror = () => resolve({ ok: false, code: 'unavailable' });
    request.onabort = () => resolve({ ok: false, code: 'cancelled' });
    request.send(file);
  });
  return { done, abort: () => request.abort() };
}
