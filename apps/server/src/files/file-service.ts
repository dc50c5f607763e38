import { type Attachment, type Author, type FileLink, fail, type Result } from '@parley/protocol';
import type { Logger } from 'pino';
import { isAgentsOwn, mayRead } from '../agents/agent-access.js';
import type { AgentConfig, BotConfig, ParleyConfig, SiteConfig } from '../config/config-schema.js';
import type { SessionStore } from '../store/session-store.js';
import { newFileId } from './file-keys.js';
import type { FileLinks } from './file-links.js';
import type { FileStore, StoredFile } from './file-store.js';
import { checkUpload, isControl } from './sniff-upload.js';

/** Who uploads or reads a file: a visitor of a site, an agent or a bot. */
export type FileCaller =
  | { role: 'visitor'; site: SiteConfig; visitorId: string }
  | { role: 'agent'; agent: AgentConfig }
  | { role: 'bot'; bot: BotConfig };

export interface FileServiceDeps {
  config: ParleyConfig;
  files: FileStore;
  store: SessionStore;
  links: FileLinks;
  clock: () => number;
  logger: Logger;
  /** Where browsers reach Parley, for absolute links (undefined until the server listens). */
  publicOrigin: () => string | undefined;
}

const callerId = (caller: FileCaller) =>
  caller.role === 'visitor' ? caller.visitorId : caller.role === 'agent' ? caller.agent.id : caller.bot.id;

/** The attachment a message carries: what the server knows, nothing of who or where. */
export const attachmentOf = ({ id, name, size, type, width, height }: StoredFile): Attachment => ({
  id,
  name,
  size,
  type,
  ...(width !== undefined && height !== undefined ? { width, height } : {}),
});

/**
 * The characters that reorder text around them (embeddings, overrides, isolates, marks): in a
 * file name they make `\u202Egnp.exe` show as `exe.png`.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** A file name as shown: no path, no control or reordering characters, at most 200 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((char) => !isControl(char.charCodeAt(0)) && !BIDI_CONTROLS.test(char))
    .join('')
    .trim()
    .slice(0, 200);
  return clean || 'file';
}

/**
 * Files in conversations (issue 14): uploads into the pending area, attaching them to a message,
 * signed links for the session's participants only, cancelling, erasure and the sweep of uploads
 * never sent.
 */
export function createFileService(deps: FileServiceDeps) {
  const { config, files, store, links, clock } = deps;

  /** The live session an agent or a bot may send into, and its site. */
  const writableSession = async (caller: FileCaller, sessionId: string | undefined) => {
    if (caller.role === 'visitor') return undefined;
    if (!sessionId) return fail('invalid_payload', 'Name the session the file is for (sessionId)');
    const session = await store.getSession(sessionId);
    if (!session) return fail('not_found', `No session ${sessionId}`);
    const allowed =
      caller.role === 'agent'
        ? isAgentsOwn(caller.agent, session) && session.status === 'assigned'
        : session.handler?.kind === 'bot' && session.handler.id === caller.bot.id;
    return allowed
      ? { ok: true as const, value: session }
      : fail('forbidden', 'That session is not yours to write in');
  };

  /** Whether a caller may read a file: the uploader, the visitor, whoever may read its session. */
  const mayReadFile = async (caller: FileCaller, file: StoredFile): Promise<boolean> => {
    if (file.uploader.role === caller.role && file.uploader.id === callerId(caller)) return true;
    if (caller.role === 'visitor' && caller.site.key !== file.siteKey) return false;
    if (caller.role === 'visitor' && caller.visitorId === file.visitorId) return true;
    if (!file.sessionId) return false;
    const session = await store.getSession(file.sessionId);
    // A session moves to another visitor when its anonymous visitor signs in mid-chat.
    if (caller.role === 'visitor') return session?.visitorId === caller.visitorId;
    if (!session) return caller.role === 'agent' && caller.agent.role === 'admin';
    if (caller.role === 'agent') return caller.agent.role === 'admin' || mayRead(caller.agent, session);
    return session.handler?.kind === 'bot' && session.handler.id === caller.bot.id;
  };

  const signedLink = (id: string): FileLink => {
    const { expires, signature } = links.sign(id);
    const path = `/files/v1/${id}?expires=${expires}&signature=${signature}`;
    return { url: `${deps.publicOrigin() ?? ''}${path}`, expiresAt: expires };
  };

  return {
    /**
     * Stores an upload, pending until a message names it. A visitor's belongs to them; an agent's
     * or a bot's names the session it is for, and belongs to that session's visitor.
     */
    async upload(
      caller: FileCaller,
      input: { name?: string | undefined; sessionId?: string | undefined; bytes: Uint8Array },
    ): Promise<Result<Attachment>> {
      const session = await writableSession(caller, input.sessionId);
      if (session && !session.ok) return session;
      const siteKey = caller.role === 'visitor' ? caller.site.key : (session?.value.siteKey ?? '');
      const site = config.sites.find((s) => s.key === siteKey);
      if (!site) return fail('not_found', `No site ${siteKey}`);
      const checked = await checkUpload(site.files, input.bytes);
      if (!checked.ok) return checked;
      const file: StoredFile = {
        id: newFileId(),
        name: cleanFileName(input.name),
        size: input.bytes.byteLength,
        ...checked.value,
        siteKey,
        visitorId: caller.role === 'visitor' ? caller.visitorId : (session?.value.visitorId ?? ''),
        uploader: { role: caller.role, id: callerId(caller) },
        createdAt: clock(),
      };
      await files.savePending(file, input.bytes);
      deps.logger.info({ file: file.id, site: siteKey, size: file.size, type: file.type }, 'file uploaded');
      return { ok: true, value: attachmentOf(file) };
    },

    /**
     * The attachment of a message `author` writes in `sessionId` of `siteKey`: only its uploader
     * may send a file, into a conversation of the same site, and once (a retry into the same
     * session is the same message).
     */
    async attach(
      author: Author,
      session: { id: string; siteKey: string },
      attachmentId: string,
    ): Promise<Result<Attachment>> {
      const file = await files.find(attachmentId);
      if (
        !file ||
        file.uploader.role !== author.role ||
        file.uploader.id !== author.id ||
        file.siteKey !== session.siteKey
      ) {
        return fail('not_found', 'No such upload of yours (an upload is kept for a limited time)');
      }
      const attached = await files.attach(attachmentId, session.id);
      return attached.ok ? { ok: true, value: attachmentOf(attached.value) } : attached;
    },

    /** Cancels an upload not sent yet. */
    async cancel(caller: FileCaller, id: string): Promise<Result<object>> {
      const file = await files.find(id);
      if (!file || file.uploader.role !== caller.role || file.uploader.id !== callerId(caller)) {
        return fail('not_found', 'No such upload of yours');
      }
      if (file.sessionId) return fail('conflict', 'That file was sent already');
      await files.removePending(id);
      return { ok: true, value: {} };
    },

    /** A short-lived link to a file, for the session's participants only. */
    async link(caller: FileCaller, id: string): Promise<Result<FileLink>> {
      const file = await files.find(id);
      // Someone else's file is as good as unknown: its id tells nothing.
      if (!file || !(await mayReadFile(caller, file))) return fail('not_found', 'No such file');
      return { ok: true, value: signedLink(id) };
    },

    /** A short-lived link to any file of a site (the REST API's key of that site). */
    async siteLink(siteKey: string, id: string): Promise<Result<FileLink>> {
      const file = await files.find(id);
      if (!file || file.siteKey !== siteKey) return fail('not_found', 'No such file');
      return { ok: true, value: signedLink(id) };
    },

    /** A file for a genuine, unexpired link; undefined otherwise. */
    async open(id: string, expires: number, signature: string) {
      if (!links.verify(id, expires, signature)) return undefined;
      const file = await files.find(id);
      const bytes = file && (await files.read(id));
      return file && bytes ? { file, bytes } : undefined;
    },

    eraseVisitor: (siteKey: string, visitorId: string) => files.eraseVisitor(siteKey, visitorId),

    /** Removes the uploads never sent within `files.pendingMinutes`. */
    async sweep(): Promise<number> {
      const removed = await files.sweepPending(clock() - config.files.pendingMinutes * 60_000);
      if (removed > 0) deps.logger.info({ count: removed }, 'swept uploads never sent');
      return removed;
    },
  };
}

export type FileService = ReturnType<typeof createFileService>;
