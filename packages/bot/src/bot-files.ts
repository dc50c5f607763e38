import type { Attachment, FileLink, Result } from '@parley/protocol';
import { ParleyError } from './parley-error.js';

/** The bytes of a file to send, and what to call it. */
export interface FileToSend {
  /** The file's bytes (a Node `Buffer` is a `Uint8Array`). */
  data: Uint8Array;
  /** The name the visitor sees, e.g. `invoice.pdf`. */
  name: string;
}

/**
 * The bot's side of the file routes (docs/bots.md "Files"): uploads over HTTP with the bot token,
 * short-lived links and downloads of the files in the sessions the bot handles.
 */
export function createBotFiles(baseUrl: string, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'x-parley-role': 'bot' };
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, { ...init, headers: { ...headers, ...init.headers } });
    } catch (error) {
      throw new ParleyError('unavailable', `Cannot reach the server: ${(error as Error).message}`);
    }
    const answer = (await response.json()) as Result<T> | ({ ok: true } & T);
    if (!answer.ok) throw new ParleyError(answer.error.code, answer.error.message);
    return answer as T;
  };
  return {
    /** Uploads a file for a session (pending until a message names it). */
    async upload(sessionId: string, file: FileToSend): Promise<Attachment> {
      const query = new URLSearchParams({ sessionId, name: file.name });
      const { attachment } = await call<{ attachment: Attachment }>(`/files/v1/uploads?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: file.data,
      });
      return attachment;
    },
    /**
     * A short-lived signed link to a file of a session the bot handles (or one it sent).
     * @example const { url } = await bot.files.link(message.attachment.id);
     */
    async link(fileId: string): Promise<FileLink> {
      const { url, expiresAt } = await call<FileLink>(`/files/v1/${encodeURIComponent(fileId)}/link`);
      return { url, expiresAt };
    },
    /**
     * The bytes of a file of a session the bot handles.
     * @example const bytes = await bot.files.read(message.attachment.id);
     */
    async read(fileId: string): Promise<Uint8Array> {
      const { url } = await this.link(fileId);
      const response = await fetch(url);
      if (!response.ok) throw new ParleyError('forbidden', `The file link was refused (${response.status})`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

export type BotFiles = ReturnType<typeof createBotFiles>;
